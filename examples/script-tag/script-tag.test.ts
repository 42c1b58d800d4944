// The script-tag LMS page against the live Kineo API (startNodeServer on a free port), through the
// built @kineo/node (dist/index.js, rebuilt here first when its sources are newer).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { base64url, decodeJwt, jwtVerify } from 'jose';
import { DashboardList } from '@kineo/core';
import type { TestApp } from '../../server/src/testing/test-app.js';
import type { RunningServer } from '../../server/src/node-server.js';
import { demoPersonas } from '../../server/src/cli/personas-command.js';
import { ensureBundlesBuilt } from '../../scripts/ensure-bundles.js';
import { HostAppHarness, type BrowseInit } from '../testing/host-app-harness.js';

const ISSUER = 'https://lms.acme.example';
const KID = 'acme-dev';
const TOKEN_PATH = '/local/kineo/token.php';

interface LmsUser {
  sub: string;
  name: string;
  role: string;
  jobTitle: string;
  organisation: { id: string; name: string };
  orgs?: string[];
  permissions?: string[];
}

interface ScriptTagOptions {
  apiUrl: string;
  tenant: string;
  issuer: string;
  hostKey: { kid: string; secret: string };
  users: LmsUser[];
  allowShortTtl?: boolean;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** What the test uses of server.js (plain JS, typed by its JSDoc: see tsconfig.json here). */
interface ScriptTagModule {
  createScriptTagServer(options: ScriptTagOptions): Server;
  loadUsers(): LmsUser[];
  readDevelopmentSecret(dataDir: string, kid: string): string;
}

let lms: ScriptTagModule;
let t: TestApp;
let api: RunningServer;
let secret: string;
const harness = new HostAppHarness();
/** Every response the browser side saw: status line, headers and body. */
const seen = harness.seen;
const lmsLog: string[] = [];

async function startLms(options: Partial<ScriptTagOptions> = {}): Promise<string> {
  const server = lms.createScriptTagServer({
    apiUrl: api.url,
    tenant: 'acme',
    issuer: ISSUER,
    hostKey: { kid: KID, secret },
    users: lms.loadUsers(),
    log: (message, fields) => lmsLog.push(JSON.stringify({ message, fields })),
    ...options,
  });
  return harness.listen(server);
}

before(async () => {
  await ensureBundlesBuilt(['@kineo/node']);
  // Imported by URL, after the build: server.js imports the built @kineo/node.
  lms = (await import(new URL('./server.js', import.meta.url).href)) as ScriptTagModule;
  ({ t, api } = await harness.startApi());
  secret = lms.readDevelopmentSecret(t.config.settings.dataDir, KID);
});

after(() => harness.close());

const browse = (url: string, init?: BrowseInit) => harness.browse(url, init);

/** Opens the page as a first-time visitor; returns the page and the `name=value` of the session cookie. */
async function visit(base: string, path = '/') {
  const page = await browse(`${base}${path}`);
  assert.equal(page.status, 200, page.text);
  const setCookie = page.headers.getSetCookie()[0];
  assert.ok(setCookie, 'a first visit starts a session');
  return { page, cookie: setCookie.split(';')[0]!, setCookie };
}

/** Switches the session to `sub` with the user menu's form; returns the new session cookie. */
async function switchTo(base: string, cookie: string, sub: string) {
  const response = await browse(`${base}/session`, { method: 'POST', cookie, form: { user: sub, dashboard: 'learning-progress' }, headers: { origin: base } });
  assert.equal(response.status, 303, response.text);
  assert.equal(response.headers.get('location'), '/?dashboard=learning-progress');
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function tokenFor(base: string, cookie: string, query = '') {
  const response = await browse(`${base}${TOKEN_PATH}${query}`, { cookie });
  assert.equal(response.status, 200, response.text);
  return JSON.parse(response.text) as { token: string; expiresAt: string };
}

/** Verifies the token as the Kineo API would: HS256 with the tenant's secret, issuer, audience, type. */
async function verified(token: string) {
  const { payload, protectedHeader } = await jwtVerify(token, base64url.decode(secret), {
    algorithms: ['HS256'],
    issuer: ISSUER,
    audience: 'kineo-embed',
    typ: 'kineo-embed+jwt',
  });
  assert.equal(protectedHeader.kid, KID);
  return payload;
}

describe('examples/script-tag', () => {
  let base: string;
  before(async () => {
    base = await startLms();
  });

  test('the page embeds the dashboard with only the script tag and the element: no inline script, no token', async () => {
    const { page, setCookie } = await visit(base);
    assert.match(setCookie, /^acme_lms_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const scripts = page.text.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.deepEqual(scripts, [`<script type="module" src="${api.url}/elements/kineo.js"></script>`]);
    const elements = page.text.match(/<kineo-[a-z-]+\b[^>]*>/g) ?? [];
    assert.deepEqual(elements, [`<kineo-dashboard api="${api.url}" dashboard="learning-progress" token-url="${TOKEN_PATH}">`]);
    assert.doesNotMatch(page.text, /eyJ[A-Za-z0-9_-]{10,}/, 'no JWT in the page');
    assert.doesNotMatch(page.text, /\son[a-z]+=/i, 'no inline event handlers');
    assert.match(page.text, /Acme Learning/);
    assert.match(page.text, /Kai Johnson/, 'a first visit is signed in as the first user, Kai Johnson');
    assert.match(page.text, /<nav class="breadcrumb"/);
    assert.match(page.text, /<aside class="side-nav"/);
    assert.match(page.text, /<footer/);
  });

  test('the page is served under a CSP that allows the API origin for scripts and requests, without unsafe-eval or inline scripts', async () => {
    const { page } = await visit(base);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    assert.deepEqual(directives.get('script-src'), ["'self'", new URL(api.url).origin]);
    assert.deepEqual(directives.get('connect-src'), ["'self'", new URL(api.url).origin]);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.equal(directives.get('frame-ancestors')?.[0], "'none'");
    assert.equal(page.headers.get('cache-control'), 'no-store');
  });

  test('the API URL is escaped where the page prints it', async () => {
    const hostile = await startLms({ apiUrl: 'http://127.0.0.1:9/x"><script>alert(1)</script>' });
    const { page } = await visit(hostile);
    assert.doesNotMatch(page.text, /"><script>alert/);
    assert.match(page.text, /src="http:\/\/127\.0\.0\.1:9\/x&#34;&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;\/elements\/kineo\.js"/);
  });

  test('the token route answers 401 in JSON without a session, and for an unknown one', async () => {
    for (const cookie of [undefined, 'acme_lms_session=forged']) {
      const response = await browse(`${base}${TOKEN_PATH}`, cookie ? { cookie } : {});
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(JSON.parse(response.text).error.code, 'unauthenticated');
    }
  });

  test('the token route refuses requests the browser marks as coming from another origin, even of the same site', async () => {
    const { cookie } = await visit(base);
    for (const site of ['same-site', 'cross-site']) {
      const response = await browse(`${base}${TOKEN_PATH}`, { cookie, headers: { 'sec-fetch-site': site } });
      assert.equal(response.status, 403, site);
      assert.doesNotMatch(response.text, /eyJ/);
    }
    for (const site of ['same-origin', 'none'])
      assert.equal((await browse(`${base}${TOKEN_PATH}`, { cookie, headers: { 'sec-fetch-site': site } })).status, 200, site);
  });

  test('the token route signs a 10-minute token for the signed-in user with the tenant key; the API accepts it', async () => {
    const { cookie } = await visit(base);
    const response = await browse(`${base}${TOKEN_PATH}`, { cookie });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = JSON.parse(response.text);
    assert.deepEqual(Object.keys(body), ['token', 'expiresAt']);
    const claims = await verified(body.token);
    assert.equal(claims.sub, 'acme-u000002');
    assert.equal(claims.role, 'manager');
    assert.deepEqual(claims.orgs, ['acme-o0002']);
    assert.equal(claims.tenant, 'acme');
    assert.equal(claims.permissions, undefined);
    assert.equal(claims.exp! - claims.iat!, 600);
    assert.equal(new Date(body.expiresAt).getTime(), claims.exp! * 1000);

    const dashboards = await fetch(`${api.url}/v1/dashboards`, { headers: { authorization: `Bearer ${body.token}`, origin: 'http://localhost:8788' } });
    assert.equal(dashboards.status, 200);
    assert.equal(dashboards.headers.get('access-control-allow-origin'), 'http://localhost:8788', "the page's origin may read the answer");
    assert.ok(DashboardList.parse(await dashboards.json()).dashboards.some((d) => d.id === 'learning-progress'));
  });

  test('switching user starts a new session whose token has the new sub and role', async () => {
    const { cookie: kai } = await visit(base);
    const rahul = await switchTo(base, kai, 'acme-u000054');
    assert.notEqual(rahul, kai);
    const learner = decodeJwt((await tokenFor(base, rahul)).token);
    assert.equal(learner.sub, 'acme-u000054');
    assert.equal(learner.role, 'learner');
    assert.equal(learner.orgs, undefined);
    assert.equal(learner.permissions, undefined, 'a learner may not export');
    assert.equal((await browse(`${base}${TOKEN_PATH}`, { cookie: kai })).status, 401, 'the old session is gone');

    const page = await browse(`${base}/`, { cookie: rahul });
    assert.match(page.text, /Signed in as <strong>Rahul Fisher<\/strong>/);
    assert.doesNotMatch(page.text, /dashboard=compliance/, "a learner's navigation has no staff reports");
    assert.equal(page.headers.getSetCookie().length, 0, 'a known session is kept');

    const mia = await switchTo(base, rahul, 'acme-u000001');
    const admin = await verified((await tokenFor(base, mia)).token);
    assert.equal(admin.sub, 'acme-u000001');
    assert.equal(admin.role, 'admin');
    assert.deepEqual(admin.permissions, ['export']);
    const dashboards = await fetch(`${api.url}/v1/dashboards`, { headers: { authorization: `Bearer ${(await tokenFor(base, mia)).token}` } });
    assert.equal(dashboards.status, 200);
  });

  test('a switch posted from another site, for an unknown user or too large is refused', async () => {
    const { cookie } = await visit(base);
    const foreign = await browse(`${base}/session`, { method: 'POST', cookie, form: { user: 'acme-u000001' }, headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    const crossSite = await browse(`${base}/session`, { method: 'POST', cookie, form: { user: 'acme-u000001' }, headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 403);
    const unknown = await browse(`${base}/session`, { method: 'POST', cookie, form: { user: 'acme-u999999' }, headers: { origin: base } });
    assert.equal(unknown.status, 400);
    const huge = await browse(`${base}/session`, { method: 'POST', cookie, form: { user: 'acme-u000001', padding: 'x'.repeat(10_000) }, headers: { origin: base } });
    assert.equal(huge.status, 400);
    for (const response of [foreign, crossSite, unknown, huge]) assert.equal(response.headers.getSetCookie().length, 0);
    assert.equal(decodeJwt((await tokenFor(base, cookie)).token).sub, 'acme-u000002', 'still Kai');
  });

  test('?dashboard= picks one of the reports; anything else shows learning progress', async () => {
    const { page } = await visit(base, '/?dashboard=compliance');
    assert.match(page.text, /<kineo-dashboard api="[^"]+" dashboard="compliance" /);
    const other = await visit(base, '/?dashboard=%22%3E%3Cscript%3E');
    assert.match(other.page.text, /<kineo-dashboard api="[^"]+" dashboard="learning-progress" /);
  });

  test('?ttl= is ignored unless the server allows short lifetimes', async () => {
    const { cookie, page } = await visit(base, '/?ttl=30');
    assert.match(page.text, new RegExp(`token-url="${TOKEN_PATH}"`));
    const claims = decodeJwt((await tokenFor(base, cookie, '?ttl=30')).token);
    assert.equal(claims.exp! - claims.iat!, 600);
  });

  test('with allowShortTtl, ?ttl= on the page reaches token-url and sets the lifetime (30..900 s)', async () => {
    const short = await startLms({ allowShortTtl: true });
    const { cookie, page } = await visit(short, '/?ttl=45');
    assert.match(page.text, new RegExp(`token-url="${TOKEN_PATH.replace(/\./g, '\\.')}\\?ttl=45"`));
    const body = await tokenFor(short, cookie, '?ttl=45');
    const claims = await verified(body.token);
    assert.equal(claims.exp! - claims.iat!, 45);
    assert.equal(new Date(body.expiresAt).getTime(), claims.exp! * 1000);
    for (const ttl of ['5', '901', 'abc', '']) {
      const response = await browse(`${short}${TOKEN_PATH}?ttl=${ttl}`, { cookie });
      assert.equal(response.status, 400, `ttl=${ttl}`);
      assert.equal(JSON.parse(response.text).error.code, 'bad_request');
    }
    assert.match((await visit(short, '/?ttl=5')).page.text, new RegExp(`token-url="${TOKEN_PATH}"`));
  });

  test('static files are served from a fixed list; other paths and methods are refused', async () => {
    const css = await browse(`${base}/static/lms.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    assert.equal((await browse(`${base}/static/acme-logo.svg`)).headers.get('content-type'), 'image/svg+xml');
    assert.equal((await browse(`${base}/static/../server.js`)).status, 404);
    assert.equal((await browse(`${base}/static/%2e%2e/server.js`)).status, 404);
    assert.equal((await browse(`${base}/users.json`)).status, 404);
    assert.equal((await browse(`${base}${TOKEN_PATH}`, { method: 'POST' })).status, 405);
    assert.equal((await browse(`${base}/session`)).status, 405);
  });

  test("the LMS's users are demo personas of tenant acme (same name, role and organisations)", async () => {
    const personas = await demoPersonas(t.config, 'acme');
    const users = lms.loadUsers();
    assert.equal(users[0]!.name, 'Kai Johnson');
    assert.deepEqual(new Set(users.map((u) => u.role)), new Set(['manager', 'admin', 'analyst', 'learner']));
    for (const user of users) {
      const persona = personas.find((p) => p.sub === user.sub);
      assert.ok(persona, `${user.sub} is a persona`);
      assert.deepEqual(
        { name: user.name, role: user.role, organisation: user.organisation, orgs: user.orgs },
        { name: persona.name, role: persona.role, organisation: persona.organisation, orgs: persona.orgs },
      );
    }
  });

  test('the signing secret never reaches the browser nor the log', () => {
    assert.ok(seen.length >= 30, `${seen.length} responses checked`);
    for (const text of [...seen, ...lmsLog]) assert.ok(!text.includes(secret), 'the secret is in a response or the log');
  });
});
