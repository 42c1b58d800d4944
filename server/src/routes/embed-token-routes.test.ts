import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { parse, stringify } from 'yaml';
import { EMBED_TOKEN_TYPE, EmbedTokenResponse, ErrorBody, QueryResult, resultRows } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DEFAULT_TENANTS_FILE } from '../tenants/tenant-registry.js';

let t: TestApp;
let acmeKey: string;
let techcorpKey: string;

before(async () => {
  t = await createTestApp();
  acmeKey = t.config.apiKeys.create('acme', 'test host').key;
  techcorpKey = t.config.apiKeys.create('techcorp', 'test host').key;
});
after(() => t.close());

async function mint(key: string | undefined, body: unknown, path = '/v1/embed-tokens') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['authorization'] = `Bearer ${key}`;
  const response = await t.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

function assertRefused(result: Awaited<ReturnType<typeof mint>>, status: number, code: string, path?: string) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  const { error } = ErrorBody.parse(result.body);
  assert.equal(error.code, code);
  if (path) assert.ok(error.details?.issues?.some((issue) => issue.path === path), JSON.stringify(error));
  assert.equal((result.body as { token?: string }).token, undefined);
}

describe('POST /v1/embed-tokens', () => {
  test('mints a token the API accepts, scoped to the user it names', async () => {
    const learner = 'acme-u000054';
    const started = Date.now();
    const result = await mint(acmeKey, { sub: learner, role: 'learner' });
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.headers.get('cache-control'), 'no-store');
    const { token, expiresAt } = EmbedTokenResponse.parse(result.body);

    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'EdDSA');
    assert.equal(header.typ, EMBED_TOKEN_TYPE);
    assert.equal(header.kid, t.config.signingKeys.signing(new Date()).kid);
    const claims = decodeJwt(token);
    assert.equal(claims.iss, 'kineo');
    assert.equal(claims.tenant, 'acme');
    assert.equal(claims.exp! - claims.iat!, 600, 'ten minutes by default');
    assert.equal(new Date(expiresAt).getTime(), claims.exp! * 1000);
    assert.ok(Math.abs(claims.iat! * 1000 - started) < 5_000);

    const response = await t.request('/v1/query', token, { dashboard: 'learning-progress', panel: 'enrolments' });
    const [kpis] = resultRows(QueryResult.parse(await response.json()));
    assert.equal(kpis!['learners'], 1, 'the learner counts only themselves');
    assert.ok((kpis!['enrolments'] as number) > 0);
  });

  test('passes orgs, dashboards, locked filters, permissions and ttl through', async () => {
    const result = await mint(acmeKey, {
      tenant: 'acme',
      sub: 'acme-u000002',
      role: 'manager',
      orgs: ['acme-o0002'],
      dashboards: ['learning-progress'],
      filters: { category: ['Compliance'] },
      permissions: ['export'],
      ttl: 120,
    });
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const { token } = EmbedTokenResponse.parse(result.body);
    const claims = decodeJwt(token);
    assert.deepEqual([claims['orgs'], claims['dashboards'], claims['filters'], claims['permissions']], [
      ['acme-o0002'], ['learning-progress'], { category: ['Compliance'] }, ['export'],
    ]);
    assert.equal(claims.exp! - claims.iat!, 120);
    const list = await (await t.request('/v1/dashboards', token)).json();
    assert.deepEqual(list.dashboards.map((d: { id: string }) => d.id), ['learning-progress']);
    const data = QueryResult.parse(
      await (await t.request('/v1/query', token, { dashboard: 'learning-progress', panel: 'completion-by-category', filters: { category: ['Leadership'] } })).json(),
    );
    assert.deepEqual(data.data[0], ['Compliance'], 'the locked filter wins');
  });

  test('a wrong, malformed or revoked key → 401', async () => {
    const body = { sub: 'acme-u000001', role: 'admin' };
    const [, id] = acmeKey.split('_');
    assertRefused(await mint(`kin_${id}_${'A'.repeat(43)}`, body), 401, 'unauthenticated');
    assertRefused(await mint('kin_nope', body), 401, 'unauthenticated');
    assertRefused(await mint(undefined, body), 401, 'unauthenticated');
    assertRefused(await mint(acmeKey, body, `/v1/embed-tokens?api_key=${acmeKey}`), 401, 'unauthenticated');
    const { key, stored } = t.config.apiKeys.create('acme', 'to revoke');
    assert.equal((await mint(key, body)).status, 200);
    t.config.apiKeys.revoke('acme', stored.id);
    assertRefused(await mint(key, body), 401, 'unauthenticated');
  });

  test('an embed token is not an API key, and an API key is not an embed token', async () => {
    const embed = await t.token({ tenant: 'acme', role: 'admin' });
    assertRefused(await mint(embed, { sub: 'x', role: 'admin' }), 401, 'unauthenticated');
    const response = await t.app.request('/v1/dashboards', { headers: { authorization: `Bearer ${acmeKey}` } });
    assert.equal(response.status, 401);
  });

  test("tenant B's key minting for tenant A → 403", async () => {
    assertRefused(await mint(techcorpKey, { tenant: 'acme', sub: 'acme-u000001', role: 'admin' }), 403, 'forbidden', 'tenant');
  });

  test('ttl over 15 minutes, or a malformed body → 400 naming the field', async () => {
    assertRefused(await mint(acmeKey, { sub: 'acme-u000001', role: 'admin', ttl: 901 }), 400, 'bad_request', 'ttl');
    assertRefused(await mint(acmeKey, { sub: 'acme-u000001', role: 'manager' }), 400, 'bad_request', 'orgs');
    assertRefused(await mint(acmeKey, { sub: 'acme-u000001', role: 'owner' }), 400, 'bad_request', 'role');
    assertRefused(await mint(acmeKey, { sub: 'acme-u000001', role: 'admin', sql: 'x' }), 400, 'bad_request');
    assertRefused(await mint(acmeKey, { sub: 'acme-u000001', role: 'admin', filters: { category: 'Compliance' } }), 400, 'bad_request', 'filters.category');
  });

  test('a grant beyond the tenant’s configuration → 403 naming the field, never a narrowed token', async () => {
    const base = { sub: 'acme-u000001', role: 'admin' };
    assertRefused(await mint(acmeKey, { ...base, dashboards: ['learning-progress', 'payroll'] }), 403, 'forbidden', 'dashboards.1');
    assertRefused(await mint(acmeKey, { ...base, filters: { nope: ['x'] } }), 403, 'forbidden', 'filters.nope');
    assertRefused(
      await mint(acmeKey, { ...base, dashboards: ['compliance'], filters: { category: ['Compliance'] } }),
      403,
      'forbidden',
      'filters.category',
    );
  });

  test('a dashboard the role may not open → 403 naming the field and the reason, no token', async () => {
    const learner = { sub: 'acme-u000054', role: 'learner' };
    const refused = await mint(acmeKey, { ...learner, dashboards: ['learning-progress', 'compliance', 'team-performance'] });
    assertRefused(refused, 403, 'forbidden', 'dashboards.1');
    assert.deepEqual(ErrorBody.parse(refused.body).error.details?.issues, [
      { path: 'dashboards.1', message: 'The Compliance & certifications dashboard is not available to learners.' },
      { path: 'dashboards.2', message: 'The Team performance dashboard is not available to learners.' },
    ]);
    // Locked filters must sit on a dashboard the learner can open: `org` is on learning progress too.
    assertRefused(await mint(acmeKey, { ...learner, dashboards: ['compliance'], filters: { org: ['acme-o0002'] } }), 403, 'forbidden', 'dashboards.0');
    assert.equal((await mint(acmeKey, { ...learner, dashboards: ['learning-progress'] })).status, 200);
    assert.equal((await mint(acmeKey, learner)).status, 200, 'no dashboards named: the API opens what the role may');
    const analyst = await mint(acmeKey, { sub: 'acme-u000001', role: 'analyst', dashboards: ['compliance', 'team-performance'] });
    assert.equal(analyst.status, 200, JSON.stringify(analyst.body));
  });
});

describe('roles and permissions come from the tenant registry', () => {
  let narrow: TestApp;
  let key: string;
  before(async () => {
    const registry = parse(readFileSync(DEFAULT_TENANTS_FILE, 'utf8'));
    registry.tenants[0].roles = ['admin', 'learner'];
    registry.tenants[0].permissions = [];
    const file = join(mkdtempSync(join(tmpdir(), 'kineo-reg-')), 'tenants.yaml');
    writeFileSync(file, stringify(registry));
    narrow = await createTestApp({ tenantsFile: file });
    key = narrow.config.apiKeys.create('acme', 'narrow').key;
  });
  after(() => narrow.close());

  test('a role or permission the tenant does not allow → 403', async () => {
    const call = async (body: unknown) => {
      const init = { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const response = await narrow.app.request('/v1/embed-tokens', init);
      return { status: response.status, headers: response.headers, body: await response.json() };
    };
    assertRefused(await call({ sub: 'acme-u000002', role: 'manager', orgs: ['acme-o0002'] }), 403, 'forbidden', 'role');
    assertRefused(await call({ sub: 'acme-u000001', role: 'admin', permissions: ['export'] }), 403, 'forbidden', 'permissions.0');
    assert.equal((await call({ sub: 'acme-u000054', role: 'learner' })).status, 200);
  });
});

describe('audit', () => {
  test('records every token minted, refused and rejected, and never a token or a key', async () => {
    const minted = EmbedTokenResponse.parse((await mint(acmeKey, { sub: 'acme-u000200', role: 'learner' })).body);
    await mint(acmeKey, { sub: 'acme-u000200', role: 'admin', dashboards: ['payroll'] });
    const [header, payload, signature] = minted.token.split('.');
    const tampered = `${header}.${payload}.${signature!.slice(0, -4)}AAAA`;
    assert.equal((await t.request('/v1/dashboards', tampered)).status, 401);

    const records = t.config.audit.read('acme');
    const jti = decodeJwt(minted.token).jti;
    const mintedRecord = records.find((r) => r.outcome === 'minted' && r.jti === jti);
    assert.ok(mintedRecord, 'the minted token is recorded');
    assert.equal(mintedRecord.sub, 'acme-u000200');
    assert.equal(mintedRecord.kid, decodeProtectedHeader(minted.token).kid);
    assert.ok(mintedRecord.apiKeyId);
    assert.ok(records.some((r) => r.outcome === 'mint_refused' && r.reason === 'dashboards.0'));
    const rejected = records.find((r) => r.outcome === 'rejected' && r.jti === jti);
    assert.ok(rejected, 'the rejected token is recorded with what it claimed');
    assert.equal(rejected.verified, false);
    assert.match(rejected.reason!, /signature/);

    const text = readFileSync(t.config.audit.file, 'utf8');
    assert.ok(!text.includes(signature!) && !text.includes(payload!), 'no token in the audit log');
    assert.ok(!text.includes(acmeKey.split('_')[2]!), 'no API key in the audit log');
  });
});
