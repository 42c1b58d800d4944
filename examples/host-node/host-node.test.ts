// The example host against the live Kineo API (startNodeServer on a free port), through the
// built @kineo/node (dist/index.js, rebuilt here first when its sources are newer).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { DashboardList } from '@kineo/core';
import type { TestApp } from '../../server/src/testing/test-app.js';
import type { RunningServer } from '../../server/src/node-server.js';
import { ensureBundlesBuilt } from '../../scripts/ensure-bundles.js';
import { HostAppHarness, type BrowseInit } from '../testing/host-app-harness.js';

/** What the test uses of server.js (plain JS, typed by its JSDoc: see tsconfig.json here). */
interface HostModule {
  createHostServer(options: { apiUrl: string; apiKey: string; users: unknown[]; log?: (message: string, fields?: Record<string, unknown>) => void }): Server;
  loadUsers(): unknown[];
}

let host: HostModule;
let t: TestApp;
let api: RunningServer;
let apiKey: string;
let revokedKey: string;
const harness = new HostAppHarness();
/** Every response the browser side saw: status line, headers and body. */
const seen = harness.seen;
const hostLog: string[] = [];

async function startHost(apiUrl: string, key: string): Promise<string> {
  const server = host.createHostServer({ apiUrl, apiKey: key, users: host.loadUsers(), log: (message, fields) => hostLog.push(JSON.stringify({ message, fields })) });
  return harness.listen(server);
}

before(async () => {
  await ensureBundlesBuilt(['@kineo/node']);
  // Imported by URL, after the build: server.js imports the built @kineo/node.
  host = (await import(new URL('./server.js', import.meta.url).href)) as HostModule;
  ({ t, api } = await harness.startApi());
  apiKey = t.config.apiKeys.create('acme', 'host-node example test').key;
  const revoked = t.config.apiKeys.create('acme', 'host-node example test, revoked');
  t.config.apiKeys.revoke('acme', revoked.stored.id);
  revokedKey = revoked.key;
});

after(() => harness.close());

const browse = (url: string, init?: BrowseInit) => harness.browse(url, init);

/** Logs in; returns the `name=value` of the session cookie and the raw Set-Cookie header. */
async function logIn(base: string, username: string, password = `${username}-demo`) {
  const response = await browse(`${base}/login`, { method: 'POST', form: { username, password } });
  assert.equal(response.status, 303, response.text);
  assert.equal(response.headers.get('location'), '/');
  const setCookie = response.headers.getSetCookie()[0]!;
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

describe('examples/host-node', () => {
  let base: string;
  before(async () => {
    base = await startHost(api.url, apiKey);
  });

  test('not logged in: /kineo/token is a 401 in JSON; / sends to the login form', async () => {
    const token = await browse(`${base}/kineo/token`);
    assert.equal(token.status, 401);
    assert.match(token.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(JSON.parse(token.text).error.code, 'unauthenticated');
    const home = await browse(`${base}/`);
    assert.equal(home.status, 303);
    assert.equal(home.headers.get('location'), '/login');
    const form = await browse(`${base}/login`);
    assert.equal(form.status, 200);
    assert.match(form.text, /<form method="post" action="\/login">/);
    const forged = await browse(`${base}/kineo/token`, { cookie: 'host_session=forged' });
    assert.equal(forged.status, 401);
  });

  test('wrong password or unknown user: 401, no cookie', async () => {
    for (const form of [{ username: 'kai', password: 'nope' }, { username: 'nobody', password: 'kai-demo' }]) {
      const response = await browse(`${base}/login`, { method: 'POST', form });
      assert.equal(response.status, 401);
      assert.equal(response.headers.getSetCookie().length, 0);
      assert.match(response.text, /Wrong username or password/);
    }
  });

  test('a login posted from another site is refused', async () => {
    const response = await browse(`${base}/login`, { method: 'POST', form: { username: 'kai', password: 'kai-demo' }, headers: { origin: 'https://evil.example' } });
    assert.equal(response.status, 403);
    assert.equal(response.headers.getSetCookie().length, 0);
  });

  test('a manager logs in (HttpOnly, SameSite=Lax session cookie) and gets a token for their sub, role and orgs', async () => {
    const { cookie, setCookie } = await logIn(base, 'kai');
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Lax/);
    assert.match(setCookie, /; Path=\//);
    assert.match(cookie, /^host_session=[A-Za-z0-9_-]{43}$/);

    const home = await browse(`${base}/`, { cookie });
    assert.equal(home.status, 200);
    assert.match(home.text, /Kai Johnson/);
    assert.match(home.text, /<kineo-dashboard api="[^"]+" dashboard="learning-progress" token-url="\/kineo\/token" sync-url>/);
    assert.match(home.text, /<script type="module" src="[^"]+\/elements\/kineo\.js">/);

    const response = await browse(`${base}/kineo/token`, { cookie });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = JSON.parse(response.text);
    assert.deepEqual(Object.keys(body), ['token', 'expiresAt']);
    const claims = decodeJwt(body.token);
    assert.equal(claims.sub, 'acme-u000002');
    assert.equal(claims.role, 'manager');
    assert.deepEqual(claims.orgs, ['acme-o0002']);
    assert.equal(claims.tenant, 'acme');
    assert.equal(new Date(body.expiresAt).getTime(), claims.exp! * 1000);

    const dashboards = await fetch(`${api.url}/v1/dashboards`, { headers: { authorization: `Bearer ${body.token}` } });
    assert.equal(dashboards.status, 200);
    assert.ok(DashboardList.parse(await dashboards.json()).dashboards.length > 0);
  });

  test('each user gets their own token: a learner', async () => {
    const { cookie } = await logIn(base, 'rahul');
    const claims = decodeJwt(JSON.parse((await browse(`${base}/kineo/token`, { cookie })).text).token);
    assert.equal(claims.sub, 'acme-u000054');
    assert.equal(claims.role, 'learner');
    assert.equal(claims.orgs, undefined);
    assert.equal(claims.permissions, undefined, 'a learner may not export');
  });

  test("an admin's token grants export (CSV/XLSX downloads); a manager's does not", async () => {
    const tokenOf = async (user: string) =>
      decodeJwt(JSON.parse((await browse(`${base}/kineo/token`, { cookie: (await logIn(base, user)).cookie })).text).token);
    assert.deepEqual((await tokenOf('mia')).permissions, ['export']);
    assert.equal((await tokenOf('kai')).permissions, undefined);
  });

  test('logout ends the session', async () => {
    const { cookie } = await logIn(base, 'mia');
    assert.equal((await browse(`${base}/kineo/token`, { cookie })).status, 200);
    const out = await browse(`${base}/logout`, { method: 'POST', cookie });
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie()[0]!, /^host_session=; .*Max-Age=0/);
    assert.equal((await browse(`${base}/kineo/token`, { cookie })).status, 401);
  });

  test('when Kineo refuses (revoked key) or is unreachable, the browser gets a summary: 502 / 503', async () => {
    const revokedHost = await startHost(api.url, revokedKey);
    const refused = await browse(`${revokedHost}/kineo/token`, { cookie: (await logIn(revokedHost, 'kai')).cookie });
    assert.equal(refused.status, 502);
    assert.equal(JSON.parse(refused.text).error.code, 'token_refused');

    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachableHost = await startHost(`http://127.0.0.1:${closedPort}`, apiKey);
    const unreachable = await browse(`${unreachableHost}/kineo/token`, { cookie: (await logIn(unreachableHost, 'kai')).cookie });
    assert.equal(unreachable.status, 503);
    assert.equal(JSON.parse(unreachable.text).error.code, 'token_unavailable');
    assert.ok(hostLog.some((line) => line.includes('"status":401')), 'the host logs what Kineo said');
    assert.ok(hostLog.some((line) => line.includes('connection refused')), hostLog.join('\n'));
  });

  test('the API key never reaches the browser (nor the host log)', () => {
    assert.ok(seen.length >= 15, `${seen.length} responses checked`);
    for (const key of [apiKey, revokedKey]) {
      const secretPart = key.slice('kin_'.length + 13);
      for (const response of [...seen, ...hostLog]) {
        assert.ok(!response.includes(key), 'the key is in a response');
        assert.ok(!response.includes(secretPart), 'the key’s secret part is in a response');
      }
    }
  });
});
