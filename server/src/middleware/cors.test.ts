import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardList, ErrorBody } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// The shipped registry: acme allows http://localhost:8788 and http://127.0.0.1:8788, techcorp
// http://localhost:8789 and http://127.0.0.1:8789, and both the demo portal's
// http://localhost:8790 and http://127.0.0.1:8790.
const ACME_ORIGIN = 'http://localhost:8788';
const TECHCORP_ORIGIN = 'http://localhost:8789';
const PORTAL_ORIGINS = ['http://localhost:8790', 'http://127.0.0.1:8790'];
const STRANGER_ORIGIN = 'https://evil.example';

let t: TestApp;
let acme: string;

before(async () => {
  t = await createTestApp();
  acme = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
});
after(() => t.close());

function accessControlHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => name.startsWith('access-control-')));
}

function preflight(path: string, origin?: string) {
  const headers: Record<string, string> = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
  if (origin) headers['origin'] = origin;
  return t.app.request(path, { method: 'OPTIONS', headers });
}

async function call(path: string, token: string | undefined, origin: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  t.engine.reset();
  const response = await t.request(path, token, body, { ...(origin ? { origin } : {}), ...headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, runs: t.engine.runs.length };
}

describe('preflight (OPTIONS /v1/*)', () => {
  test('an origin some tenant allows gets exactly the CORS answer, without credentials', async () => {
    for (const origin of [ACME_ORIGIN, TECHCORP_ORIGIN, 'http://127.0.0.1:8788'])
      for (const path of ['/v1/dashboards/learning-progress/data', '/v1/viewer', '/v1/query', '/v1/dashboards/compliance/panels/mandatory-completion/export']) {
        const response = await preflight(path, origin);
        assert.equal(response.status, 204, `${origin} ${path}`);
        assert.deepEqual(accessControlHeaders(response.headers), {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-max-age': '600',
        });
        assert.equal(response.headers.get('vary'), 'Origin');
        assert.equal(await response.text(), '');
      }
  });

  test('any other origin gets no Access-Control-Allow-* header, so the browser refuses', async () => {
    for (const origin of [STRANGER_ORIGIN, 'http://localhost:9999', 'http://localhost:8788/', 'null', 'HTTP://LOCALHOST:8788']) {
      const response = await preflight('/v1/dashboards/learning-progress/data', origin);
      assert.equal(response.status, 403, origin);
      assert.deepEqual(accessControlHeaders(response.headers), {}, origin);
      assert.equal(ErrorBody.parse(await response.json()).error.code, 'forbidden');
    }
  });

  test('/v1/embed-tokens is for servers only: its preflight is never granted', async () => {
    const response = await preflight('/v1/embed-tokens', ACME_ORIGIN);
    assert.notEqual(response.status, 204);
    assert.deepEqual(accessControlHeaders(response.headers), {});
  });
});

describe('requests from a browser origin', () => {
  test('the token’s tenant’s origin reads the response, with the exposed headers', async () => {
    for (const origin of [ACME_ORIGIN, 'http://127.0.0.1:8788']) {
      const result = await call('/v1/dashboards', acme, origin);
      assert.equal(result.status, 200, result.text);
      assert.ok(DashboardList.parse(JSON.parse(result.text)).dashboards.length > 0);
      assert.deepEqual(accessControlHeaders(result.headers), {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'content-disposition, retry-after, x-request-id',
      });
      assert.equal(result.headers.get('vary'), 'Origin');
    }
  });

  test('the demo portal’s origin reads both tenants’ answers', async () => {
    const techcorp = await t.token({ tenant: 'techcorp', role: 'admin' });
    for (const origin of PORTAL_ORIGINS)
      for (const token of [acme, techcorp]) {
        const result = await call('/v1/viewer', token, origin);
        assert.equal(result.status, 200, `${origin}: ${result.text}`);
        assert.equal(result.headers.get('access-control-allow-origin'), origin);
      }
  });

  test('another tenant’s origin, or a stranger’s: 403 naming the tenant, no data, no CORS header, audited', async () => {
    for (const origin of [TECHCORP_ORIGIN, STRANGER_ORIGIN]) {
      const result = await call('/v1/dashboards/learning-progress/data', acme, origin, {});
      assert.equal(result.status, 403, result.text);
      const { error } = ErrorBody.parse(JSON.parse(result.text));
      assert.equal(error.code, 'forbidden');
      assert.equal(error.message, "This origin is not allowed to embed Acme Manufacturing's dashboards.");
      assert.equal(result.runs, 0, 'nothing runs');
      assert.deepEqual(accessControlHeaders(result.headers), {}, origin);
      const record = t.config.audit.read('acme').findLast((event) => event.outcome === 'origin_refused');
      assert.equal(record?.origin, origin);
      assert.equal(record?.verified, true);
      assert.equal(record?.sub, 'acme-test-user');
    }
    const techcorp = await t.token({ tenant: 'techcorp', role: 'admin' });
    const mirrored = await call('/v1/viewer', techcorp, ACME_ORIGIN);
    assert.equal(mirrored.status, 403);
    assert.match(mirrored.text, /TechCorp Software's dashboards/);
  });

  test('errors for an allowed origin are readable, so the browser can see a 401 and refresh', async () => {
    const cases = [
      await call('/v1/dashboards', undefined, ACME_ORIGIN),
      await call('/v1/dashboards', `${acme}x`, ACME_ORIGIN),
      await call('/v1/query', acme, ACME_ORIGIN, { dashboard: 'learning-progress' }),
      await call('/v1/nothing-here', acme, ACME_ORIGIN),
      await call('/v1/dashboards/learning-progress/panels/status-breakdown/export', await t.token({ tenant: 'acme', role: 'admin' }), ACME_ORIGIN, { format: 'csv' }),
    ];
    assert.deepEqual(cases.map((c) => c.status), [401, 401, 400, 404, 403]);
    for (const result of cases) {
      assert.equal(result.headers.get('access-control-allow-origin'), ACME_ORIGIN, result.text);
      assert.ok(result.headers.get('access-control-expose-headers')?.includes('x-request-id'));
      ErrorBody.parse(JSON.parse(result.text));
    }
    const stranger = await call('/v1/dashboards', undefined, STRANGER_ORIGIN);
    assert.equal(stranger.status, 401);
    assert.deepEqual(accessControlHeaders(stranger.headers), {});
  });

  test('an export’s file name is readable cross-origin', async () => {
    const result = await call('/v1/dashboards/learning-progress/panels/status-breakdown/export', acme, ACME_ORIGIN, { format: 'csv' });
    assert.equal(result.status, 200);
    assert.equal(result.headers.get('access-control-allow-origin'), ACME_ORIGIN);
    assert.ok(result.headers.get('access-control-expose-headers')!.split(', ').includes('content-disposition'));
    assert.match(result.headers.get('content-disposition')!, /^attachment; filename="learning-progress-status-breakdown-\d{4}-\d{2}-\d{2}\.csv"$/);
  });

  test('a same-origin request is allowed whatever the tenant lists', async () => {
    const own = await call('/v1/viewer', acme, 'https://analytics.example.com', undefined, { host: 'analytics.example.com' });
    assert.equal(own.status, 200, own.text);
    const local = await call('/v1/viewer', acme, 'http://localhost');
    assert.equal(local.status, 200, local.text);
    const otherHost = await call('/v1/viewer', acme, 'https://analytics.example.com', undefined, { host: 'other.example.com' });
    assert.equal(otherHost.status, 403);
  });

  test('requests without an Origin (servers, curl) are not affected', async () => {
    const result = await call('/v1/viewer', acme, undefined);
    assert.equal(result.status, 200);
    assert.deepEqual(accessControlHeaders(result.headers), {});
    assert.equal(result.headers.get('vary'), 'Origin', 'caches keep browser and server answers apart');
  });

  test('/v1/embed-tokens never answers a browser origin with CORS headers', async () => {
    const key = t.config.apiKeys.create('acme', 'cors test').key;
    const minted = await call('/v1/embed-tokens', key, ACME_ORIGIN, { sub: 'acme-u000001', role: 'admin' });
    assert.equal(minted.status, 200, minted.text);
    assert.deepEqual(accessControlHeaders(minted.headers), {});
  });

  test('credentials are never allowed', async () => {
    const responses = [
      await preflight('/v1/dashboards', ACME_ORIGIN),
      await t.request('/v1/dashboards', acme, undefined, { origin: ACME_ORIGIN }),
      await t.request('/v1/dashboards', undefined, undefined, { origin: ACME_ORIGIN }),
    ];
    for (const response of responses) assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });
});
