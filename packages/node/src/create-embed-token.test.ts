import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { DashboardList } from '@kineo/core';
import {
  createEmbedToken,
  KineoApiError,
  KineoError,
  KineoOptionsError,
  KineoUnreachableError,
  type CreateEmbedTokenOptions,
} from './index.js';

// A key of the right shape; the stub accepts only this one.
const KEY = 'kin_abcdefghijkl_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3c';
const SECRET_PART = KEY.slice('kin_abcdefghijkl_'.length);

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tiny node:http server; `reply` decides each answer, every request is recorded. */
async function startServer(reply: (request: Recorded, response: ServerResponse) => void) {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      reply(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The contract of POST /v1/embed-tokens, mimicked: 401 for any key but KEY, 400 for a body
 * that is not JSON, 403 for another tenant or the dashboard "secret-dashboard", else 200.
 */
function kineoContract(request: Recorded, res: ServerResponse) {
  if (request.method !== 'POST' || request.url !== '/v1/embed-tokens')
    return json(res, 404, { error: { code: 'not_found', message: 'There is nothing at this address.' } });
  if (request.headers.authorization !== `Bearer ${KEY}`)
    return json(res, 401, { error: { code: 'unauthenticated', message: 'A valid tenant API key is required: Authorization: Bearer kin_….', details: { requestId: 'req-1' } } });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body);
  } catch {
    return json(res, 400, { error: { code: 'bad_request', message: 'The request body must be JSON.', details: { issues: [{ path: '(body)', message: 'not JSON' }] } } });
  }
  const issues = [];
  if (body.tenant !== undefined && body.tenant !== 'acme') issues.push({ path: 'tenant', message: 'this API key belongs to tenant "acme"' });
  if (Array.isArray(body.dashboards) && body.dashboards.includes('secret-dashboard'))
    issues.push({ path: `dashboards.${body.dashboards.indexOf('secret-dashboard')}`, message: 'tenant "acme" has no dashboard "secret-dashboard"' });
  if (issues.length > 0)
    return json(res, 403, { error: { code: 'forbidden', message: 'The grant asks for more than tenant "acme" allows.', details: { issues, requestId: 'req-2' } } });
  const ttl = typeof body.ttl === 'number' ? body.ttl : 600;
  return json(res, 200, { token: `header.${Buffer.from(JSON.stringify(body)).toString('base64url')}.signature`, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() });
}

/** Runs `fn`, expects it to reject with an instance of `type`, and checks no secret leaks through it. */
async function rejection<T extends Error>(fn: () => Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await fn().then(
    () => assert.fail(`expected a ${type.name}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof type, `expected a ${type.name}, got ${String(error)}`);
  assert.ok(error instanceof KineoError);
  assert.equal(error.name, type.name);
  const text = `${error.message}\n${error.stack}\n${JSON.stringify(error)}`;
  assert.ok(!text.includes(SECRET_PART), `the key leaks into ${text}`);
  return error;
}

describe('createEmbedToken against a stub of the Kineo API', () => {
  let api: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    api = await startServer(kineoContract);
  });
  after(() => api.close());
  const options = (grant: Partial<CreateEmbedTokenOptions> = {}): CreateEmbedTokenOptions => ({
    apiUrl: api.url,
    apiKey: KEY,
    sub: 'acme-u000002',
    role: 'manager',
    orgs: ['acme-o0002'],
    ...grant,
  });

  test('200: returns { token, expiresAt }; the key only in the Authorization header', async () => {
    api.requests.length = 0;
    const result = await createEmbedToken(options({ dashboards: ['team-performance'], ttl: 120 }));
    assert.deepEqual(Object.keys(result), ['token', 'expiresAt']);
    assert.ok(new Date(result.expiresAt).getTime() > Date.now());
    assert.equal(api.requests.length, 1);
    const [request] = api.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.url, '/v1/embed-tokens');
    assert.equal(request!.headers['content-type'], 'application/json');
    assert.equal(request!.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(JSON.parse(request!.body), { sub: 'acme-u000002', role: 'manager', orgs: ['acme-o0002'], dashboards: ['team-performance'], ttl: 120 });
    assert.ok(!request!.url.includes(SECRET_PART) && !request!.body.includes(SECRET_PART));
  });

  test('the path is /v1/embed-tokens whatever path apiUrl has', async () => {
    api.requests.length = 0;
    await createEmbedToken(options({ apiUrl: `${api.url}/some/base/` }));
    assert.equal(api.requests[0]!.url, '/v1/embed-tokens');
  });

  test('401: a wrong key is a KineoApiError with the API’s code, message and details', async () => {
    const error = await rejection(() => createEmbedToken(options({ apiKey: 'kin_abcdefghijkl_wrongwrongwrong' })), KineoApiError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'unauthenticated');
    assert.equal(error.message, 'A valid tenant API key is required: Authorization: Bearer kin_….');
    assert.deepEqual(error.details, { requestId: 'req-1' });
    assert.ok(!error.message.includes('wrongwrongwrong'));
  });

  test('403: another tenant, a dashboard beyond the tenant: the refused fields by path', async () => {
    const error = await rejection(() => createEmbedToken(options({ tenant: 'techcorp', dashboards: ['learning-progress', 'secret-dashboard'] })), KineoApiError);
    assert.equal(error.status, 403);
    assert.equal(error.code, 'forbidden');
    assert.deepEqual(error.details?.issues?.map((issue) => issue.path), ['tenant', 'dashboards.1']);
    assert.equal(error.details?.requestId, 'req-2');
  });

  test('answers not in the error shape: code from the status, a generic message', async () => {
    const proxy = await startServer((_request, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'));
    const notFound = await startServer((_request, res) => res.writeHead(404).end('nope'));
    try {
      const bad = await rejection(() => createEmbedToken(options({ apiUrl: proxy.url })), KineoApiError);
      assert.equal(bad.status, 502);
      assert.equal(bad.code, 'internal');
      assert.equal(bad.message, `The Kineo API at ${proxy.host} answered 502.`);
      assert.equal(bad.details, undefined);
      const missing = await rejection(() => createEmbedToken(options({ apiUrl: notFound.url })), KineoApiError);
      assert.equal(missing.code, 'not_found');
    } finally {
      await proxy.close();
      await notFound.close();
    }
  });

  test('a 200 without an embed token is an invalid_response', async () => {
    const odd = await startServer((_request, res) => json(res, 200, { token: 42 }));
    try {
      const error = await rejection(() => createEmbedToken(options({ apiUrl: odd.url })), KineoApiError);
      assert.equal(error.status, 200);
      assert.equal(error.code, 'invalid_response');
    } finally {
      await odd.close();
    }
  });

  test('a redirect is not followed: the key goes nowhere else', async () => {
    const elsewhere = await startServer(kineoContract);
    const redirecting = await startServer((_request, res) => res.writeHead(307, { location: `${elsewhere.url}/v1/embed-tokens` }).end());
    try {
      const error = await rejection(() => createEmbedToken(options({ apiUrl: redirecting.url })), KineoApiError);
      assert.equal(error.status, 307);
      assert.equal(error.code, 'invalid_response');
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await elsewhere.close();
      await redirecting.close();
    }
  });

  test('a server message that echoes the key is redacted', async () => {
    const echo = await startServer((request, res) =>
      json(res, 401, { error: { code: 'unauthenticated', message: `refused ${String(request.headers.authorization)}` } }),
    );
    try {
      const error = await rejection(() => createEmbedToken(options({ apiUrl: echo.url })), KineoApiError);
      assert.equal(error.message, 'refused Bearer [redacted]');
    } finally {
      await echo.close();
    }
  });

  test('a custom fetch is used', async () => {
    const seen: string[] = [];
    const result = await createEmbedToken(
      options({
        fetch: async (input, init) => {
          seen.push(String(input));
          return globalThis.fetch(input, init);
        },
      }),
    );
    assert.ok(result.token);
    assert.deepEqual(seen, [`${api.url}/v1/embed-tokens`]);
  });
});

describe('createEmbedToken when the API cannot be reached', () => {
  test('connection refused: KineoUnreachableError naming the host, not the key', async () => {
    const closed = await startServer(kineoContract);
    await closed.close();
    const error = await rejection(() => createEmbedToken({ apiUrl: closed.url, apiKey: KEY, sub: 'acme-u000054', role: 'learner' }), KineoUnreachableError);
    assert.equal(error.reason, 'network');
    assert.equal(error.host, closed.host);
    assert.equal(error.message, `The Kineo API at ${closed.host} is unreachable: connection refused (ECONNREFUSED)`);
  });

  test('no answer within timeoutMs: a timeout, whether the headers or the body hang', async () => {
    const silent = await startServer(() => {});
    const halfway = await startServer((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"token":');
    });
    try {
      for (const server of [silent, halfway]) {
        const started = Date.now();
        const error = await rejection(
          () => createEmbedToken({ apiUrl: server.url, apiKey: KEY, sub: 'acme-u000054', role: 'learner', timeoutMs: 200 }),
          KineoUnreachableError,
        );
        assert.equal(error.reason, 'timeout');
        assert.equal(error.host, server.host);
        assert.match(error.message, /no complete answer within 200 ms/);
        assert.ok(Date.now() - started < 2_000, 'gave up after about timeoutMs');
      }
    } finally {
      await silent.close();
      await halfway.close();
    }
  });

  test('DNS failure (as fetch reports it)', async () => {
    const fetchThatCannotResolve: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND kineo.invalid'), { code: 'ENOTFOUND' }) });
    };
    const error = await rejection(
      () => createEmbedToken({ apiUrl: 'https://kineo.invalid', apiKey: KEY, sub: 'acme-u000054', role: 'learner', fetch: fetchThatCannotResolve }),
      KineoUnreachableError,
    );
    assert.equal(error.message, 'The Kineo API at kineo.invalid is unreachable: host not found (ENOTFOUND)');
  });
});

describe('createEmbedToken: bad options fail before any network call', () => {
  let calls = 0;
  const spy: typeof fetch = async () => {
    calls += 1;
    throw new Error('no request may be sent');
  };
  const base: CreateEmbedTokenOptions = { apiUrl: 'https://kineo.example.com', apiKey: KEY, fetch: spy, sub: 'acme-u000054', role: 'learner' };
  const paths = async (options: unknown) =>
    (await rejection(() => createEmbedToken(options as CreateEmbedTokenOptions), KineoOptionsError)).issues.map((issue) => issue.path);

  test('grant fields, checked with the core schema', async () => {
    assert.deepEqual(await paths({ ...base, ttl: 901 }), ['ttl']);
    assert.deepEqual(await paths({ ...base, ttl: 10.5 }), ['ttl']);
    assert.deepEqual(await paths({ ...base, role: 'manager' }), ['orgs']);
    assert.deepEqual(await paths({ ...base, role: 'owner' }), ['role']);
    assert.deepEqual(await paths({ ...base, sub: '' }), ['sub']);
    assert.deepEqual(await paths({ ...base, dashboards: ['Not A Slug'] }), ['dashboards.0']);
    assert.deepEqual(await paths({ ...base, filters: { period: { from: '2025-13-01' } } }), ['filters.period.from']);
    assert.deepEqual(await paths({ ...base, dashbaords: ['compliance'] }), ['dashbaords']);
  });

  test('apiUrl, apiKey, timeoutMs, fetch', async () => {
    for (const apiUrl of ['not a url', 'ftp://kineo.example.com', 'kineo.example.com', 'https://user:pass@kineo.example.com', undefined])
      assert.deepEqual(await paths({ ...base, apiUrl }), ['apiUrl'], String(apiUrl));
    for (const apiKey of ['sk_live_123', `kin_${SECRET_PART} x`, `kin_${SECRET_PART}\n`, 'kin_', '', undefined])
      assert.deepEqual(await paths({ ...base, apiKey }), ['apiKey'], JSON.stringify(apiKey));
    for (const timeoutMs of [0, -1, 1.5, Number.NaN, 2 ** 31, '1000'])
      assert.deepEqual(await paths({ ...base, timeoutMs }), ['timeoutMs'], String(timeoutMs));
    assert.deepEqual(await paths({ ...base, fetch: 'fetch' }), ['fetch']);
  });

  test('every problem at once; no options at all', async () => {
    const error = await rejection(
      () => createEmbedToken({ ...base, apiUrl: 'nope', apiKey: `bad_${SECRET_PART}`, role: 'manager', ttl: 901 }),
      KineoOptionsError,
    );
    assert.deepEqual(error.issues.map((issue) => issue.path).sort(), ['apiKey', 'apiUrl', 'orgs', 'ttl']);
    assert.match(error.message, /^Invalid Kineo options: apiUrl: .*; apiKey: .*; ttl: .*; orgs: /);
    assert.deepEqual(await paths(undefined), ['']);
  });

  test('nothing was sent', () => {
    assert.equal(calls, 0);
  });
});

describe('createEmbedToken against the live API (startNodeServer)', () => {
  let live: { url: string; close(): Promise<void> };
  let closeApp: () => Promise<void>;
  let acmeKey: string;
  let revokedKey: string;

  before(async () => {
    const [{ createTestApp }, { startNodeServer }, { jsonLogger }] = await Promise.all([
      import('../../../server/src/testing/test-app.js'),
      import('../../../server/src/node-server.js'),
      import('../../../server/src/http/logger.js'),
    ]);
    const t = await createTestApp();
    closeApp = () => t.close();
    acmeKey = t.config.apiKeys.create('acme', 'node sdk test').key;
    const revoked = t.config.apiKeys.create('acme', 'node sdk test, revoked');
    t.config.apiKeys.revoke('acme', revoked.stored.id);
    revokedKey = revoked.key;
    live = await startNodeServer({ ...t.config, settings: { ...t.config.settings, port: 0 } }, jsonLogger(() => {}));
  });
  after(async () => {
    await live?.close();
    await closeApp?.();
  });

  test('mints a token the API accepts for the user it names', async () => {
    const { token, expiresAt } = await createEmbedToken({ apiUrl: live.url, apiKey: acmeKey, sub: 'acme-u000002', role: 'manager', orgs: ['acme-o0002'], ttl: 300 });
    const claims = decodeJwt(token);
    assert.equal(claims.sub, 'acme-u000002');
    assert.equal(claims.tenant, 'acme');
    assert.equal(claims.exp! - claims.iat!, 300);
    assert.equal(new Date(expiresAt).getTime(), claims.exp! * 1000);
    const response = await fetch(`${live.url}/v1/dashboards`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    assert.ok(DashboardList.parse(await response.json()).dashboards.length > 0);
  });

  test('401 for a wrong or revoked key', async () => {
    for (const apiKey of [revokedKey, `kin_zzzzzzzzzzzz_${'A'.repeat(43)}`]) {
      const error = await rejection(() => createEmbedToken({ apiUrl: live.url, apiKey, sub: 'acme-u000054', role: 'learner' }), KineoApiError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'unauthenticated');
      assert.ok(!error.message.includes(apiKey.slice(17)));
    }
  });

  test('403 naming the field: another tenant, a dashboard the tenant lacks', async () => {
    const error = await rejection(
      () => createEmbedToken({ apiUrl: live.url, apiKey: acmeKey, tenant: 'techcorp', sub: 'acme-u000054', role: 'learner', dashboards: ['no-such-dashboard'] }),
      KineoApiError,
    );
    assert.equal(error.status, 403);
    assert.equal(error.code, 'forbidden');
    assert.deepEqual(error.details?.issues?.map((issue) => issue.path).sort(), ['dashboards.0', 'tenant']);
    assert.ok(error.details?.requestId);
  });
});
