// Browser tests of the API client (run by @web/test-runner in headless Chromium, see
// web-test-runner.config.mjs), against a fake `fetch` that plays the Kineo API.
import { KineoApiError, TokenUnavailableError } from '../errors.js';
import {
  FakeClock,
  FakeIssuer,
  assert,
  assertEqual,
  deferred,
  fakeFetch,
  fakeJwt,
  json,
  rejectionOf,
  settle,
  type FetchHandler,
  type RecordedRequest,
} from '../testing/fakes.js';
import { TokenManager } from '../token/token-manager.js';
import { KineoApiClient, filenameOfContentDisposition } from './api-client.js';

// Mocha's globals, provided by @web/test-runner's default framework (tsconfig loads only Node types).
declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;

const API = 'https://analytics.example.com';

const dashboardDefinition = {
  id: 'learning-progress',
  title: 'Learning progress',
  filters: [{ id: 'period', label: 'Period', kind: 'dateRange', options: { query: 'period_range' } }],
  panels: [
    {
      id: 'completion',
      title: 'Completion',
      type: 'kpi',
      query: 'completion_rate',
      layout: { x: 0, y: 0, w: 3, h: 2 },
      kpi: { value: 'rate', format: 'percent' },
    },
  ],
};
const queryResult = {
  dashboard: 'learning-progress',
  panel: 'completion',
  level: 0,
  query: { id: 'completion_rate', version: 1 },
  columns: [{ name: 'rate', type: 'number' }],
  data: [[0.82]],
  rowCount: 1,
  truncated: false,
  elapsedMs: 1.5,
};
const dashboardList = { dashboards: [{ id: 'learning-progress', title: 'Learning progress' }] };
const dataResponse = {
  dashboard: 'learning-progress',
  panels: { completion: queryResult },
  errors: { learners: { code: 'row_cap_exceeded', message: 'Too many rows', details: { maxRows: 5000 } } },
};
const filterOptions = { filter: 'org', kind: 'multiSelect', options: [{ value: 'acme-o1', label: 'Acme', depth: 0 }], locked: false };

/** The fake API's answer to a request with a token it accepts. */
function apiAnswer(request: RecordedRequest): Response {
  const path = new URL(request.url).pathname;
  if (request.method === 'GET' && path === '/v1/dashboards') return json(dashboardList);
  if (request.method === 'GET' && path === '/v1/dashboards/learning-progress') return json(dashboardDefinition);
  if (request.method === 'POST' && path === '/v1/dashboards/learning-progress/data') return json(dataResponse);
  if (request.method === 'POST' && path === '/v1/query') return json(queryResult);
  if (request.method === 'GET' && path === '/v1/dashboards/learning-progress/filters/org/options') return json(filterOptions);
  return json({ error: { code: 'not_found', message: `No route ${request.method} ${path}` } }, 404);
}

const unauthenticated = () => json({ error: { code: 'unauthenticated', message: 'The embed token has expired' } }, 401);

/** A client over a FakeIssuer's tokens and a fake API answering with `handler`. */
function setup(handler: FetchHandler = apiAnswer, api = API) {
  const clock = new FakeClock();
  const issuer = new FakeIssuer(clock);
  const tokens = new TokenManager({ source: { tokenProvider: issuer.provider }, clock });
  const { fetch, calls } = fakeFetch(handler);
  const client = new KineoApiClient({ api, tokens, fetch });
  return { clock, issuer, tokens, client, calls };
}

function bearerOf(request: RecordedRequest): string | undefined {
  return /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
}

/** Collects console.error calls while `work` runs. */
async function consoleErrorsOf(work: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
  try {
    await work();
  } finally {
    console.error = original;
  }
  return logged;
}

describe('KineoApiClient', () => {
  it('calls every endpoint with a Bearer header, no cookies, and validated typed results', async () => {
    const { client, calls, issuer } = setup();
    assertEqual(await client.dashboards(), dashboardList, 'dashboards()');
    assertEqual(await client.dashboard('learning-progress'), dashboardDefinition, 'dashboard()');
    const data = await client.dashboardData('learning-progress', { filters: { period: { from: '2026-01-01' } } });
    assertEqual(data.panels['completion']?.data, [[0.82]], 'dashboardData()');
    assertEqual(data.errors['learners']?.code, 'row_cap_exceeded', 'per-panel error');
    assertEqual(await client.query({ dashboard: 'learning-progress', panel: 'completion' }), queryResult, 'query()');
    assertEqual(await client.filterOptions('learning-progress', 'org'), filterOptions, 'filterOptions()');

    assertEqual(
      calls.map((c) => `${c.method} ${c.url}`),
      [
        `GET ${API}/v1/dashboards`,
        `GET ${API}/v1/dashboards/learning-progress`,
        `POST ${API}/v1/dashboards/learning-progress/data`,
        `POST ${API}/v1/query`,
        `GET ${API}/v1/dashboards/learning-progress/filters/org/options`,
      ],
      'requests',
    );
    const token = issuer.last;
    for (const call of calls) {
      assertEqual(bearerOf(call), token, `Bearer token on ${call.url}`);
      assertEqual(call.credentials, 'omit', `credentials on ${call.url}`);
      assert(!call.url.includes(token), 'no token in the URL');
      assertEqual(call.headers.get('accept'), 'application/json', 'accept');
    }
    assertEqual(JSON.parse(calls[2]!.body!), { filters: { period: { from: '2026-01-01' } } }, 'data body');
    assertEqual(calls[2]!.headers.get('content-type'), 'application/json', 'content-type');
    assertEqual(JSON.parse(calls[3]!.body!), { dashboard: 'learning-progress', panel: 'completion' }, 'query body');
    assertEqual(calls[0]!.body, undefined, 'GET has no body');
    assertEqual(issuer.calls, 1, 'one token for all calls');
  });

  it('keeps the API base path, and refuses ids that are not slugs without sending anything', async () => {
    const { client, calls } = setup((request) => {
      const path = new URL(request.url).pathname.replace('/analytics/api/', '/');
      return apiAnswer({ ...request, url: new URL(path, API).href });
    }, 'https://lms.example/analytics/api?x=1#y');
    await client.dashboard('learning-progress');
    await client.filterOptions('learning-progress', 'org');
    assertEqual(
      calls.map((c) => c.url),
      [
        'https://lms.example/analytics/api/v1/dashboards/learning-progress',
        'https://lms.example/analytics/api/v1/dashboards/learning-progress/filters/org/options',
      ],
      'urls',
    );
    const odd: [string, () => Promise<unknown>][] = [
      ['dashboard', () => client.dashboard('../admin?x=1#f')],
      ['dashboard', () => client.dashboardData('..')],
      ['dashboard', () => client.dashboardData('%2e%2e')],
      ['filter', () => client.filterOptions('learning-progress', 'a/b')],
    ];
    for (const [path, call] of odd) {
      const error = await rejectionOf(call(), `an odd ${path} id`);
      assert(error instanceof KineoApiError, 'KineoApiError');
      assertEqual([error.status, error.code, error.details?.issues?.[0]?.path], [0, 'bad_request', path], 'error');
    }
    assertEqual(calls.length, 2, 'nothing sent for odd ids');
    let threw = false;
    try {
      new KineoApiClient({ api: 'javascript:alert(1)', tokens: new TokenManager({ source: { token: 't' } }) });
    } catch (error) {
      threw = error instanceof TypeError;
    }
    assert(threw, 'a non-http API URL is refused');
  });

  it('5 concurrent calls that all get a 401: one refresh, each retried once, all succeed', async () => {
    const gate = deferred<void>();
    let stale = '';
    const { client, calls, issuer } = setup(async (request) => {
      if (bearerOf(request) === stale) {
        await gate.promise; // hold the five 401s until all five requests are in flight
        return unauthenticated();
      }
      return apiAnswer(request);
    });
    stale = await client.tokens.getToken(); // the API now refuses the first token (revoked early)
    const pending = Array.from({ length: 5 }, () => client.query({ dashboard: 'learning-progress', panel: 'completion' }));
    await settle();
    assertEqual(calls.length, 5, 'five requests in flight');
    gate.resolve();
    const results = await Promise.all(pending);
    assertEqual(results.map((r) => r.rowCount), [1, 1, 1, 1, 1], 'all succeeded');
    assertEqual(issuer.calls, 2, 'exactly one refresh');
    assertEqual(calls.length, 10, 'each request retried exactly once');
    const fresh = issuer.last;
    assertEqual(calls.slice(5).map(bearerOf), [fresh, fresh, fresh, fresh, fresh], 'retries carry the new token');
  });

  it('a 401 for a token already replaced retries with the new one, without another refresh', async () => {
    const slow = deferred<void>();
    let stale = '';
    const { client, calls, issuer } = setup(async (request) => {
      if (bearerOf(request) !== stale) return apiAnswer(request);
      if (request.url.endsWith('/v1/dashboards')) await slow.promise; // this one's 401 comes late
      return unauthenticated();
    });
    stale = await client.tokens.getToken();
    const late = client.dashboards();
    await settle();
    await client.query({ dashboard: 'learning-progress', panel: 'completion' }); // 401 → refresh → retry
    assertEqual(issuer.calls, 2, 'one refresh so far');
    slow.resolve();
    assertEqual(await late, dashboardList, 'the late 401 retried and succeeded');
    assertEqual(issuer.calls, 2, 'no second refresh');
    assertEqual(calls.length, 4, 'requests');
  });

  it('a second 401 rejects with KineoApiError, with no loop', async () => {
    // A retry loop would end at the 6th request with a 418 instead of hanging the test run.
    let requests = 0;
    const { client, calls, issuer } = setup(() => (++requests > 5 ? json({ error: { code: 'internal', message: 'loop' } }, 418) : unauthenticated()));
    const error = await rejectionOf(client.dashboards(), 'a call the API always refuses');
    assert(error instanceof KineoApiError, 'KineoApiError');
    assertEqual([error.status, error.code, error.message], [401, 'unauthenticated', 'The embed token has expired'], 'error');
    assertEqual([calls.length, issuer.calls], [2, 2], 'one retry, one refresh');
    // The next call starts with a fresh token (and again stops after one retry).
    await rejectionOf(client.dashboards(), 'the next call');
    assertEqual([calls.length, issuer.calls], [4, 4], 'still bounded');
  });

  it('turns error bodies into KineoApiError with status, code, message and details', async () => {
    const issues = [{ path: 'filters.period.from', message: 'Invalid date' }];
    const { client } = setup((request) =>
      request.url.endsWith('/v1/query')
        ? json({ error: { code: 'bad_request', message: 'Invalid request', details: { issues, requestId: 'req-1' } } }, 400)
        : new Response('<html>Bad gateway</html>', { status: 502, headers: { 'x-request-id': 'req-2' } }),
    );
    const bad = await rejectionOf(client.query({ dashboard: 'learning-progress', panel: 'completion' }), 'a bad query');
    assert(bad instanceof KineoApiError, 'KineoApiError');
    assertEqual([bad.status, bad.code, bad.message, bad.details], [400, 'bad_request', 'Invalid request', { issues, requestId: 'req-1' }], 'bad request');
    const proxy = await rejectionOf(client.dashboards(), 'a proxy error page');
    assert(proxy instanceof KineoApiError, 'KineoApiError');
    assertEqual([proxy.status, proxy.code, proxy.details], [502, 'internal', { requestId: 'req-2' }], 'proxy error');
  });

  it('validates success bodies: a malformed one is invalid_response', async () => {
    const { client } = setup((request) =>
      request.url.endsWith('/v1/query')
        ? json({ ...queryResult, data: 'not columns', rowCount: -1 })
        : new Response('not json', { status: 200 }),
    );
    const malformed = await rejectionOf(client.query({ dashboard: 'learning-progress', panel: 'completion' }), 'a malformed result');
    assert(malformed instanceof KineoApiError, 'KineoApiError');
    assertEqual([malformed.status, malformed.code], [200, 'invalid_response'], 'invalid_response');
    assertEqual(malformed.details?.issues?.map((i) => i.path), ['data', 'rowCount'], 'issue paths');
    const notJson = await rejectionOf(client.dashboards(), 'a non-JSON body');
    assert(notJson instanceof KineoApiError && notJson.code === 'invalid_response', 'invalid_response for non-JSON');
  });

  it('no answer is a network KineoApiError; no token is a TokenUnavailableError', async () => {
    const { client } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    let offline: unknown;
    const logged = await consoleErrorsOf(async () => {
      offline = await rejectionOf(client.dashboards(), 'a call while offline');
    });
    assertEqual(logged.length, 1, 'explained in the console');
    assert(offline instanceof KineoApiError, 'KineoApiError');
    assertEqual([offline.status, offline.code], [0, 'network'], 'network');

    const { client: c2, issuer, calls } = setup();
    issuer.failing = new Error('token endpoint down');
    const noToken = await rejectionOf(c2.dashboards(), 'a call without a token');
    assert(noToken instanceof TokenUnavailableError, 'TokenUnavailableError');
    assertEqual(calls.length, 0, 'nothing sent without a token');
  });

  it('aborts: before the call, while waiting for a token, and in flight', async () => {
    const hang = deferred<Response>();
    const { client, calls, issuer } = setup((request) => (request.url.endsWith('/v1/query') ? hang.promise : apiAnswer(request)));

    const before = new AbortController();
    before.abort();
    const e1 = await rejectionOf(client.dashboards({ signal: before.signal }), 'an aborted call');
    assert(e1 instanceof DOMException && e1.name === 'AbortError', 'AbortError before the call');
    assertEqual(calls.length, 0, 'nothing sent');

    // Waiting for the token: the caller stops waiting, the shared refresh goes on for others.
    const gate = deferred<void>();
    issuer.gate = gate.promise;
    const waiting = new AbortController();
    const superseded = client.dashboard('learning-progress', { signal: waiting.signal });
    const other = client.dashboards();
    await settle();
    waiting.abort();
    const e2 = await rejectionOf(superseded, 'a call aborted while waiting for its token');
    assert(e2 instanceof DOMException && e2.name === 'AbortError', 'AbortError while waiting for the token');
    gate.resolve();
    issuer.gate = undefined;
    assertEqual(await other, dashboardList, 'the other call got the shared token');
    assertEqual(calls.map((c) => new URL(c.url).pathname), ['/v1/dashboards'], 'the aborted call sent nothing');

    // In flight.
    const inFlight = new AbortController();
    const query = client.query({ dashboard: 'learning-progress', panel: 'completion' }, { signal: inFlight.signal });
    await settle();
    assertEqual(calls.length, 2, 'query sent');
    assert(calls[1]!.signal === inFlight.signal, 'the signal reaches fetch');
    inFlight.abort(new DOMException('superseded by a newer filter state', 'AbortError'));
    const e3 = await rejectionOf(query, 'a call aborted in flight');
    assert(e3 instanceof DOMException && e3.message === 'superseded by a newer filter state', 'rejects with the abort reason');
    hang.resolve(json(queryResult));
  });

  it('a whole flow keeps tokens in memory only: no storage, no cookie, no URL', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const clock = new FakeClock();
    const issued: string[] = [];
    let revoked = '';
    const { fetch, calls } = fakeFetch((request) => {
      if (request.url.endsWith('/local/kineo/token.php')) {
        const iat = clock.now() / 1000;
        const token = fakeJwt({ sub: `u${issued.length}`, tenant: 'acme', iat, exp: iat + 300 });
        issued.push(token);
        return json({ token, expiresAt: new Date((iat + 300) * 1000).toISOString() });
      }
      return bearerOf(request) === revoked ? unauthenticated() : apiAnswer(request);
    });
    const tokens = new TokenManager({ source: { tokenUrl: '/local/kineo/token.php' }, fetch, clock, refreshAhead: true });
    const client = new KineoApiClient({ api: API, tokens, fetch });
    await client.dashboard('learning-progress');
    revoked = issued[0]!;
    await client.dashboardData('learning-progress');
    await clock.advance(4.5 * 60 * 1000);
    await client.query({ dashboard: 'learning-progress', panel: 'completion' });
    await client.filterOptions('learning-progress', 'org');
    tokens.dispose();

    assert(issued.length >= 3, `tokens issued: ${issued.length}`);
    assertEqual([localStorage.length, sessionStorage.length], [0, 0], 'storage is empty');
    for (const token of issued) {
      assert(!document.cookie.includes(token), 'no token in a cookie');
      assert(!calls.some((call) => call.url.includes(token) || (call.body ?? '').includes(token)), 'no token in a URL or body');
    }
    const apiCalls = calls.filter((call) => call.url.startsWith(API));
    assert(apiCalls.every((call) => call.credentials === 'omit' && bearerOf(call) !== undefined), 'API calls: Bearer, no cookies');
    const tokenCalls = calls.filter((call) => !call.url.startsWith(API));
    assert(tokenCalls.every((call) => call.credentials === 'same-origin' && !call.headers.has('authorization')), 'token URL calls');
  });
});

describe('KineoApiClient: viewer and export', () => {
  const viewer = {
    tenant: { id: 'acme', displayName: 'Acme Learning' },
    subject: 'user-7',
    role: 'manager',
    permissions: ['export'],
    theme: { primaryColor: '#0b5cab', mode: 'dark' },
  };
  const csv = 'learner,status\nAda,completed\n';

  function exportAnswer(request: RecordedRequest, disposition: string | undefined): Response {
    const path = new URL(request.url).pathname;
    if (path === '/v1/viewer') return json(viewer);
    if (path === '/v1/dashboards/learning-progress/panels/completion/export') {
      const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8' };
      if (disposition !== undefined) headers['content-disposition'] = disposition;
      return new Response(csv, { status: 200, headers });
    }
    return apiAnswer(request);
  }

  it('viewer() is GET /v1/viewer with the Bearer token, validated (mode defaults)', async () => {
    const { client, calls, issuer } = setup((request) => exportAnswer(request, undefined));
    assertEqual(await client.viewer(), viewer, 'viewer');
    assertEqual([calls[0]!.method, calls[0]!.url, bearerOf(calls[0]!), calls[0]!.credentials], ['GET', `${API}/v1/viewer`, issuer.last, 'omit'], 'request');

    const { client: withDefault } = setup((request) =>
      new URL(request.url).pathname === '/v1/viewer' ? json({ ...viewer, theme: { primaryColor: '#0b5cab' } }) : apiAnswer(request),
    );
    assertEqual((await withDefault.viewer()).theme.mode, 'auto', 'mode defaults to auto');
    const { client: broken } = setup(() => json({ ...viewer, permissions: 'export' }));
    const error = await rejectionOf(broken.viewer(), 'a malformed viewer');
    assert(error instanceof KineoApiError && error.code === 'invalid_response', 'invalid_response');
  });

  it('exportPanel() POSTs the ExportRequest with the Bearer token and returns the file and its name', async () => {
    const { client, calls, issuer } = setup((request) => exportAnswer(request, `attachment; filename="rows.csv"; filename*=UTF-8''Lernende%20%C3%BCbersicht.csv`));
    const request = { format: 'csv' as const, filters: { org: ['acme-o1'] }, drill: ['Compliance'], crossFilter: { panel: 'status', filter: 'status', values: ['overdue'] } };
    const file = await client.exportPanel('learning-progress', 'completion', request);
    assertEqual(await file.blob.text(), csv, 'file content');
    assertEqual(file.filename, 'Lernende übersicht.csv', 'filename* wins');
    const call = calls[0]!;
    assertEqual([call.method, call.url], ['POST', `${API}/v1/dashboards/learning-progress/panels/completion/export`], 'route');
    assertEqual(JSON.parse(call.body!), request, 'body');
    assertEqual(bearerOf(call), issuer.last, 'bearer');
    assert(!call.url.includes(issuer.last), 'no token in the URL');
    assert(call.headers.get('accept')!.startsWith('text/csv'), `accept ${call.headers.get('accept')}`);

    const { client: noName } = setup((r) => exportAnswer(r, undefined));
    assertEqual((await noName.exportPanel('learning-progress', 'completion', { format: 'csv' })).filename, 'learning-progress-completion.csv', 'fallback name');
  });

  it('exportPanel(): a 403 is a KineoApiError; a 401 refreshes once and retries', async () => {
    const { client } = setup((request) =>
      request.url.endsWith('/export') ? json({ error: { code: 'forbidden', message: 'The token does not grant "export"' } }, 403) : apiAnswer(request),
    );
    const error = await rejectionOf(client.exportPanel('learning-progress', 'completion', { format: 'xlsx' }), 'an export without permission');
    assert(error instanceof KineoApiError, 'KineoApiError');
    assertEqual([error.status, error.code, error.message], [403, 'forbidden', 'The token does not grant "export"'], 'error');

    let stale = '';
    const { client: c2, calls, issuer } = setup((request) => (bearerOf(request) === stale ? unauthenticated() : exportAnswer(request, 'attachment; filename=x.csv')));
    stale = await c2.tokens.getToken();
    const file = await c2.exportPanel('learning-progress', 'completion', { format: 'csv' });
    assertEqual([file.filename, calls.length, issuer.calls], ['x.csv', 2, 2], 'retried once with a fresh token');
    assertEqual(calls[1]!.body, calls[0]!.body, 'the same request retried');
    const odd = await rejectionOf(c2.exportPanel('learning-progress', '../x', { format: 'csv' }), 'an odd panel id');
    assert(odd instanceof KineoApiError && odd.code === 'bad_request' && odd.details?.issues?.[0]?.path === 'panel', 'odd panel id refused');
  });

  it('filenameOfContentDisposition keeps only a safe last path component', () => {
    const cases: [string | null, string | undefined][] = [
      [null, undefined],
      ['attachment', undefined],
      ['attachment; filename="a b.csv"', 'a b.csv'],
      ['attachment; filename=plain.xlsx', 'plain.xlsx'],
      ['attachment; filename="q\\"uote.csv"', 'q"uote.csv'],
      [`attachment; filename*=UTF-8''%E2%82%AC%20rates.csv; filename="EUR rates.csv"`, '€ rates.csv'],
      [`attachment; filename*=iso-8859-1'en'%A3.csv; filename="pound.csv"`, 'pound.csv'],
      ['attachment; filename="../../etc/passwd"', 'passwd'],
      ['attachment; filename="C:\\\\Windows\\\\evil.exe"', 'evil.exe'],
      ['attachment; filename=".."', undefined],
      ['attachment; filename="bad\u0007name.csv"', 'badname.csv'],
      [`attachment; filename*=UTF-8''%ZZbroken.csv; filename="ok.csv"`, 'ok.csv'],
    ];
    for (const [header, expected] of cases) assertEqual(filenameOfContentDisposition(header) ?? null, expected ?? null, `${header}`);
  });
});

describe('KineoApiClient: an API that cannot be reached, or that refuses this page’s origin', () => {
  /** The browser's answer to a call whose preflight the API refused, or to a closed port: no answer at all. */
  const noAnswer = () => {
    throw new TypeError('Failed to fetch');
  };

  it('cross-origin: the message names both causes, the page’s origin and the fix; code network; logged once per API and origin', async () => {
    const api = 'http://127.0.0.1:8787';
    const { client } = setup(noAnswer, api);
    const expected =
      `The Kineo API at ${api} could not be reached from this page, or it does not allow this page's origin (${location.origin}). ` +
      `If the API is running, add this origin to the tenant's allowedOrigins.`;
    let errors: unknown[] = [];
    const logged = await consoleErrorsOf(async () => {
      errors = [
        await rejectionOf(client.viewer(), 'viewer()'),
        await rejectionOf(client.dashboard('learning-progress'), 'dashboard()'),
        await rejectionOf(client.dashboardData('learning-progress'), 'dashboardData()'),
      ];
      // Another client on the same page and API: still explained only once.
      await rejectionOf(setup(noAnswer, `${api}/prefix`).client.dashboards(), 'a second client');
    });
    for (const error of errors) {
      assert(error instanceof KineoApiError, 'a KineoApiError');
      assertEqual([error.status, error.code, error.message], [0, 'network', expected], 'the error');
      assert(error.cause instanceof TypeError, 'the browser’s TypeError is the cause');
    }
    assertEqual(logged, [`Kineo: ${expected}`], 'one console.error');

    const other = await consoleErrorsOf(async () => {
      await rejectionOf(setup(noAnswer, 'https://analytics.refusing.example').client.dashboards(), 'another API');
    });
    assertEqual(other.length, 1, 'another API is explained once too');
    assert(other[0]!.includes('https://analytics.refusing.example') && other[0]!.includes(location.origin), other[0]!);
  });

  it('same origin: just "could not be reached", nothing about origins, no console.error', async () => {
    const { client } = setup(noAnswer, `${location.origin}/kineo`);
    let error: unknown;
    const logged = await consoleErrorsOf(async () => {
      error = await rejectionOf(client.dashboards(), 'dashboards()');
    });
    assert(error instanceof KineoApiError, 'a KineoApiError');
    assertEqual([error.code, error.message], ['network', `The Kineo API at ${location.origin} could not be reached.`], 'the error');
    assertEqual(logged, [], 'nothing logged');
  });

  it('an answer the page may read (a 403 with CORS headers) is the API’s own error, not a network one', async () => {
    const { client } = setup(() => json({ error: { code: 'forbidden', message: "This origin is not allowed to embed Acme Manufacturing's dashboards." } }, 403), 'http://127.0.0.1:8791');
    let error: unknown;
    const logged = await consoleErrorsOf(async () => {
      error = await rejectionOf(client.dashboards(), 'dashboards()');
    });
    assert(error instanceof KineoApiError, 'a KineoApiError');
    assertEqual([error.status, error.code], [403, 'forbidden'], 'the API’s error');
    assertEqual(logged, [], 'nothing logged');
  });
});
