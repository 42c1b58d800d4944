// The browser's API client and token lifecycle against the real Kineo API (DuckDB demo data),
// cross-origin from the test page: the API runs on 127.0.0.1:<port>, the page on the test
// runner's origin, so every call goes through CORS with a bearer token.
import type { DashboardDefinition, QueryResult } from '@kineo/core';
import { KineoApiClient } from '../src/api/api-client.js';
import { KineoApiError } from '../src/errors.js';
import { assert, assertEqual } from '../src/testing/fakes.js';
import { TokenManager } from '../src/token/token-manager.js';
import type { TokenSource } from '../src/token/token-source.js';
import { assertCsvEqualsResult } from './harness/csv.js';
import { countingTokenProvider, departmentOf, harnessConfig, mintToken, sleep, type HarnessConfig, type TokenRequest } from './harness/kineo-api.js';
import { before, describe, it } from './harness/mocha.js';

const TENANT = 'acme';
const SHIPPED_DASHBOARDS = ['compliance', 'learning-progress', 'team-performance'];

interface RecordedCall {
  method: string;
  url: string;
  status: number;
  /** The bearer token the call carried. */
  token: string | undefined;
  /** `performance.now()` when the call was sent. */
  sentAt: number;
}

/** A `fetch` that records every call the client makes (method, URL, status, token). */
function recordingFetch(): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const recording: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const sentAt = performance.now();
    const response = await fetch(input, init);
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      status: response.status,
      token: headers.get('authorization')?.replace(/^Bearer /, ''),
      sentAt,
    });
    return response;
  };
  return { fetch: recording, calls };
}

function clientFor(config: HarnessConfig, source: TokenSource) {
  const recorder = recordingFetch();
  const tokens = new TokenManager({ source, refreshAhead: true });
  const client = new KineoApiClient({ api: config.api, tokens, fetch: recorder.fetch });
  return { client, tokens, calls: recorder.calls };
}

const admin: TokenRequest = { tenant: TENANT, role: 'admin', permissions: ['export'] };

/** `exp` of a JWT in epoch milliseconds (read without verifying: the test minted it). */
function expiryOf(token: string): number {
  const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number };
  return payload.exp * 1000;
}

function columnSum(result: QueryResult, column: string): number {
  const index = result.columns.findIndex((c) => c.name === column);
  assert(index >= 0, `${result.panel} has a column ${column}`);
  return result.data[index]!.reduce<number>((sum, value) => sum + Number(value), 0);
}

describe('Kineo API from the browser (real server, cross-origin)', function () {
  // The first run ever seeds the demo data and starts the API: allow for it once.
  this.timeout(20_000);
  let config: HarnessConfig;

  before(async function () {
    this.timeout(120_000);
    config = await harnessConfig();
    assert(new URL(config.api).origin !== location.origin, 'the API runs on another origin than the test page');
  });

  it('CORS: the allowed page origin calls the API with a bearer token and reads the answer', async () => {
    const token = await mintToken(admin);
    // Authorization makes this a preflighted request: it succeeds only if the preflight and the
    // answer both allow this page's origin.
    const response = await fetch(new URL('/v1/dashboards', config.api), {
      headers: { authorization: `Bearer ${token}` },
      credentials: 'omit',
      mode: 'cors',
    });
    assertEqual(response.status, 200, 'status of a cross-origin GET /v1/dashboards');
    // Readable cross-origin only because the API exposes it (Access-Control-Expose-Headers).
    assert(response.headers.get('x-request-id'), 'the request id header is exposed to the page');
    const body = (await response.json()) as { dashboards: { id: string }[] };
    assert(body.dashboards.length > 0, 'the body is readable cross-origin');
  });

  it('CORS: a tenant that does not allow this page’s origin: the page cannot read the answer', async () => {
    const other = config.tenants.find((tenant) => !config.pageOriginTenants.includes(tenant));
    assert(other, 'the harness has a tenant that does not allow the test page');
    const { client, calls } = clientFor(config, { token: await mintToken({ tenant: other, role: 'admin' }) });
    let error: unknown;
    await client.dashboards().catch((e: unknown) => (error = e));
    // The preflight passes (another tenant allows the origin); the answer itself is refused and
    // carries no Access-Control-Allow-Origin, so the browser hides it: a network error.
    assert(error instanceof KineoApiError, `rejects with a KineoApiError (got ${String(error)})`);
    assertEqual({ status: error.status, code: error.code }, { status: 0, code: 'network' }, `${other}'s token from this page`);
    assertEqual(calls.length, 0, 'answers the page could read');
  });

  it('lists the shipped dashboards and returns every definition', async () => {
    const { client } = clientFor(config, { token: await mintToken(admin) });
    const list = await client.dashboards();
    assertEqual(list.dashboards.map((d) => d.id).sort(), SHIPPED_DASHBOARDS, 'dashboards of an acme admin');
    for (const { id } of list.dashboards) {
      const definition = await client.dashboard(id);
      assertEqual(definition.id, id, 'definition id');
      assert(definition.panels.length > 0, `${id} has panels`);
    }
  });

  it('loads every panel of every shipped dashboard in ONE request, each with rows', async () => {
    const { client, calls } = clientFor(config, { token: await mintToken(admin) });
    for (const id of SHIPPED_DASHBOARDS) {
      const definition: DashboardDefinition = await client.dashboard(id);
      const before = calls.length;
      const data = await client.dashboardData(id, {});
      assertEqual(calls.length - before, 1, `requests for all of ${id}'s data`);
      assertEqual(Object.keys(data.errors), [], `${id}: panels that failed`);
      assertEqual(Object.keys(data.panels).sort(), definition.panels.map((p) => p.id).sort(), `${id}: panels with data`);
      for (const [panel, result] of Object.entries(data.panels)) assert(result.rowCount > 0, `${id}/${panel} has rows on the demo data`);
    }
  });

  it('GET /v1/viewer: the token’s tenant, role, permissions and the tenant theme', async () => {
    const { client } = clientFor(config, { token: await mintToken({ ...admin, sub: 'acme-u000007' }) });
    const viewer = await client.viewer();
    assertEqual(
      { tenant: viewer.tenant.id, subject: viewer.subject, role: viewer.role, permissions: viewer.permissions, primary: viewer.theme.primaryColor },
      { tenant: TENANT, subject: 'acme-u000007', role: 'admin', permissions: ['export'], primary: '#0b5cab' },
      'viewer',
    );
  });

  it('401 → one refresh → success: a refused token is replaced once and the call retried', async () => {
    const tokens = countingTokenProvider((call) => (call === 1 ? { ...admin, tamper: 'signature' } : admin));
    const { client, calls } = clientFor(config, { tokenProvider: tokens.provider });
    const list = await client.dashboards();
    assert(list.dashboards.length > 0, 'the retried call succeeds');
    assertEqual(tokens.calls(), 2, 'token provider calls');
    assertEqual(calls.map((c) => c.status), [401, 200], 'statuses of the calls sent');
    assert(calls[0]!.token !== calls[1]!.token, 'the retry carries the new token');
  });

  it('a token the API keeps refusing fails after exactly one retry', async () => {
    const tokens = countingTokenProvider(() => ({ ...admin, tamper: 'signature' }));
    const { client, calls } = clientFor(config, { tokenProvider: tokens.provider });
    let error: unknown;
    await client.dashboards().catch((e: unknown) => (error = e));
    assert(error instanceof KineoApiError && error.status === 401, `rejects with the 401 (got ${String(error)})`);
    assertEqual(calls.map((c) => c.status), [401, 401], 'statuses of the calls sent');
    assertEqual(tokens.calls(), 2, 'token provider calls');
  });

  it('a 5-second token is refreshed ahead of expiry while requests keep succeeding', async function () {
    this.timeout(15_000);
    const tokens = countingTokenProvider(() => ({ ...admin, ttlSeconds: 5 }));
    const { client, tokens: manager, calls } = clientFor(config, { tokenProvider: tokens.provider });
    const refreshes: number[] = [];
    manager.onRefresh(() => refreshes.push(performance.now()));
    try {
      const started = performance.now();
      // Steady traffic for longer than the first token lives.
      while (performance.now() - started < 5_800) {
        await client.dashboardData('learning-progress', { panels: ['completion-rate'] });
        await sleep(250);
      }
    } finally {
      manager.dispose();
    }
    assert(calls.every((c) => c.status === 200), `every call succeeded (${calls.map((c) => c.status).join(',')})`);
    const sentAt = (c: RecordedCall) => performance.timeOrigin + c.sentAt;
    const firstExpiry = expiryOf(calls[0]!.token!);
    assert(sentAt(calls.at(-1)!) > firstExpiry, 'the traffic went on past the first token\'s expiry');
    assertEqual(calls.filter((c) => sentAt(c) >= expiryOf(c.token!)).length, 0, 'calls sent with an expired token');
    // Refreshed after half its life (2.5 s), while still valid: the provider is asked again.
    assert(tokens.calls() >= 2, `the provider was asked again before the token expired (${tokens.calls()} calls)`);
    assert(refreshes.length === tokens.calls(), 'every new token was announced to onRefresh listeners');
    assert(new Set(calls.map((c) => c.token)).size >= 2, 'calls went out with more than one token');
  });
});

describe('CSV export (real server)', function () {
  this.timeout(20_000);
  let config: HarnessConfig;
  /** An organisation one level below the tenant root: what the manager token is scoped to. */
  let managerOrg: string;

  before(async function () {
    this.timeout(120_000);
    config = await harnessConfig();
    managerOrg = await departmentOf(config.api, TENANT);
  });

  async function exportEqualsPanel(token: TokenRequest, dashboard: string, panel: string, filters = {}): Promise<QueryResult> {
    const { client } = clientFor(config, { token: await mintToken(token) });
    const [file, data] = await Promise.all([
      client.exportPanel(dashboard, panel, { format: 'csv', filters }),
      client.dashboardData(dashboard, { filters, panels: [panel] }),
    ]);
    const result = data.panels[panel];
    assert(result, `${dashboard}/${panel} has data`);
    assert(result.rowCount > 0, `${dashboard}/${panel} has rows for a ${token.role}`);
    assert(file.blob.type.startsWith('text/csv'), `the export is CSV (got ${file.blob.type})`);
    assert(file.filename.endsWith('.csv') && file.filename.startsWith(`${dashboard}-${panel}`), `file name ${file.filename}`);
    assertCsvEqualsResult(await file.blob.text(), result, `${token.role}: ${dashboard}/${panel}`);
    return result;
  }

  it('equals the panel’s rows for an admin, with and without filters', async () => {
    await exportEqualsPanel(admin, 'learning-progress', 'completion-by-category');
    await exportEqualsPanel(admin, 'learning-progress', 'completion-by-category', { status: ['completed', 'in_progress'] });
    await exportEqualsPanel(admin, 'compliance', 'overdue-by-organisation');
  });

  it('equals the panel’s rows for a manager, which are only their organisation’s', async () => {
    const manager: TokenRequest = { tenant: TENANT, role: 'manager', orgs: [managerOrg], permissions: ['export'] };
    const scoped = await exportEqualsPanel(manager, 'learning-progress', 'completion-by-category');
    const whole = await exportEqualsPanel(admin, 'learning-progress', 'completion-by-category');
    assert(
      columnSum(scoped, 'enrolments') < columnSum(whole, 'enrolments'),
      `a manager exports fewer enrolments than the admin (${columnSum(scoped, 'enrolments')} vs ${columnSum(whole, 'enrolments')})`,
    );
  });

  it('without the export permission: 403 forbidden', async () => {
    const { client } = clientFor(config, { token: await mintToken({ tenant: TENANT, role: 'admin' }) });
    let error: unknown;
    await client.exportPanel('learning-progress', 'completion-by-category', { format: 'csv' }).catch((e: unknown) => (error = e));
    assert(error instanceof KineoApiError, `rejects with a KineoApiError (got ${String(error)})`);
    assertEqual({ status: error.status, code: error.code }, { status: 403, code: 'forbidden' }, 'the refusal');
  });
});
