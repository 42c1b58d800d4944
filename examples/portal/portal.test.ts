// The demo portal against the live Kineo API (startNodeServer on a free port, a temporary data
// folder with API keys for both tenants), through the built @kineo/node (dist/index.js, rebuilt
// here first when its sources are newer). Personas come from the tenants' data, as `kineo personas`
// prints them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { DashboardList } from '@kineo/core';
import type { TestApp } from '../../server/src/testing/test-app.js';
import type { RunningServer } from '../../server/src/node-server.js';
import { demoPersonas } from '../../server/src/cli/personas-command.js';
import type { DemoPersona } from '../../server/src/demo-data/personas.js';
import { ensureBundlesBuilt } from '../../scripts/ensure-bundles.js';
import { HostAppHarness, type BrowseInit } from '../testing/host-app-harness.js';

const TENANTS = ['acme', 'techcorp'] as const;
type Tenant = (typeof TENANTS)[number];

type Log = (message: string, fields?: Record<string, unknown>) => void;
interface PortalOptions {
  apiUrl: string;
  apiKeys: Record<string, string>;
  personas: Record<string, DemoPersona[]>;
  tokenTtlSeconds?: number;
  log?: Log;
}
/** What the test uses of server.js (plain JS, typed by its JSDoc: see tsconfig.json here). */
interface PortalModule {
  createPortalServer(options: PortalOptions): Server;
}

let portal: PortalModule;
let t: TestApp;
let api: RunningServer;
const apiKeys: Record<Tenant, string> = { acme: '', techcorp: '' };
let revokedKey: string;
const personas: Record<Tenant, DemoPersona[]> = { acme: [], techcorp: [] };
const harness = new HostAppHarness();
/** Every response the browser side saw: status line, headers and body. */
const seen = harness.seen;
/** Every token the portal's token route handed out. */
const tokensHandedOut: string[] = [];
const portalLog: string[] = [];

async function startPortal(options: Partial<PortalOptions> = {}): Promise<string> {
  const server = portal.createPortalServer({
    apiUrl: api.url,
    apiKeys,
    personas,
    log: (message, fields) => portalLog.push(JSON.stringify({ message, fields })),
    ...options,
  });
  return harness.listen(server);
}

before(async () => {
  await ensureBundlesBuilt(['@kineo/node']);
  // Imported by URL, after the build: server.js imports the built @kineo/node.
  portal = (await import(new URL('./server.js', import.meta.url).href)) as PortalModule;
  ({ t, api } = await harness.startApi());
  for (const tenant of TENANTS) {
    apiKeys[tenant] = t.config.apiKeys.create(tenant, 'portal test').key;
    personas[tenant] = await demoPersonas(t.config, tenant);
  }
  const revoked = t.config.apiKeys.create('acme', 'portal test, revoked');
  t.config.apiKeys.revoke('acme', revoked.stored.id);
  revokedKey = revoked.key;
});

after(() => harness.close());


const browse = (url: string, init?: BrowseInit) => harness.browse(url, init);

/** Signs in as `persona`; returns the `name=value` of the session cookie and the raw Set-Cookie header. */
async function signIn(base: string, tenant: Tenant, persona: DemoPersona, init: BrowseInit = {}) {
  const response = await browse(`${base}/c/${tenant}/sign-in`, { method: 'POST', form: { sub: persona.sub }, ...init });
  assert.equal(response.status, 303, response.text);
  assert.equal(response.headers.get('location'), `/c/${tenant}/dashboards`);
  const setCookie = response.headers.getSetCookie()[0]!;
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

/** The token route's answer, its token decoded. */
async function tokenOf(base: string, tenant: Tenant, cookie: string) {
  const response = await browse(`${base}/c/${tenant}/kineo/token`, { cookie, headers: { 'sec-fetch-site': 'same-origin' } });
  assert.equal(response.status, 200, response.text);
  const body = JSON.parse(response.text);
  tokensHandedOut.push(body.token);
  return { response, body, claims: decodeJwt(body.token) };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const personaOf = (tenant: Tenant, role: DemoPersona['role']) => personas[tenant].find((p) => p.role === role)!;

/** What the API itself lists for a persona, with a token signed for them directly. */
async function apiDashboards(tenant: Tenant, persona: DemoPersona): Promise<string[]> {
  const token = await t.token({ tenant, sub: persona.sub, role: persona.role, ...(persona.orgs ? { orgs: persona.orgs } : {}) });
  const response = await t.request('/v1/dashboards', token);
  assert.equal(response.status, 200);
  return DashboardList.parse(await response.json()).dashboards.map((d) => d.id);
}

/** The hrefs of the dashboard cards on a dashboards page. */
function listedDashboards(html: string, tenant: Tenant): string[] {
  return [...html.matchAll(new RegExp(`<a class="card-link" href="/c/${tenant}/dashboards/([a-z0-9_-]+)">`, 'g'))].map((m) => m[1]!);
}

describe('examples/portal', () => {
  let base: string;
  before(async () => {
    base = await startPortal();
  });

  test('the demo data has personas of every role in both tenants', () => {
    for (const tenant of TENANTS) {
      assert.deepEqual(new Set(personas[tenant].map((p) => p.role)), new Set(['admin', 'manager', 'analyst', 'learner']), tenant);
    }
  });

  test('/ lists both tenants with their names from the API, logos and links; security headers', async () => {
    const home = await browse(`${base}/`);
    assert.equal(home.status, 200);
    assert.match(home.text, /<a class="card-link" href="\/c\/acme\/">Acme Manufacturing<\/a>/);
    assert.match(home.text, /<a class="card-link" href="\/c\/techcorp\/">TechCorp Software<\/a>/);
    for (const tenant of TENANTS) {
      const logo = t.config.tenants.get(tenant)!.theme.logoUrl;
      assert.ok(logo, `tenant ${tenant} has a logo in its theme`);
      assert.ok(home.text.includes(`<img class="logo logo-image" src="${escapeHtml(logo)}" alt="">`), `${tenant} logo`);
    }
    assert.match(home.text, /--tenant-brand: #0b5cab/);
    assert.match(home.text, /--tenant-brand: #6d28d9/);
    const csp = home.headers.get('content-security-policy') ?? '';
    const apiOrigin = new URL(api.url).origin;
    assert.match(csp, new RegExp(`script-src 'self' ${apiOrigin}(;|$)`));
    assert.match(csp, new RegExp(`connect-src 'self' ${apiOrigin}(;|$)`));
    assert.match(csp, /img-src 'self' data: blob:(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.equal(home.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(home.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(home.headers.get('cache-control'), 'no-store');
    assert.equal((await browse(`${base}/c/nowhere/`)).status, 404);
    assert.equal((await browse(`${base}/c/acme`)).headers.get('location'), '/c/acme/');
  });

  test('sign-in page: every persona of the tenant, grouped by role (admin, manager, analyst, learner), in its theme', async () => {
    for (const tenant of TENANTS) {
      const page = await browse(`${base}/c/${tenant}/`);
      assert.equal(page.status, 200);
      const headings = [...page.text.matchAll(/<h2 id="role-([a-z]+)">/g)].map((m) => m[1]);
      assert.deepEqual(headings, ['admin', 'manager', 'analyst', 'learner']);
      const sections = page.text.split('<section class="role-group"').slice(1);
      for (const persona of personas[tenant]) {
        const section = sections.find((s) => s.includes(`aria-labelledby="role-${persona.role}"`))!;
        assert.ok(section.includes(`<h3>${escapeHtml(persona.name)}</h3>`), `${persona.name} under ${persona.role}s`);
        assert.ok(section.includes(`<input type="hidden" name="sub" value="${persona.sub}">`), persona.sub);
        assert.ok(section.includes(escapeHtml(persona.organisation.name)), persona.organisation.name);
      }
      assert.equal([...page.text.matchAll(/name="sub"/g)].length, personas[tenant].length);
    }
    const acme = await browse(`${base}/c/acme/`);
    assert.match(acme.text, /<h1>Sign in to Acme Manufacturing<\/h1>/);
    assert.match(acme.text, /color-scheme: light; --portal-brand: #0b5cab/);
    assert.match(acme.text, /--portal-accent: #f59e0b/);
    const techcorp = await browse(`${base}/c/techcorp/`);
    assert.match(techcorp.text, /color-scheme: dark; --portal-brand: #6d28d9/);
    assert.match(techcorp.text, /--portal-font: system-ui, sans-serif/);
  });

  test('every persona signs in (HttpOnly, SameSite=Lax cookie) and gets a token for their sub, role, orgs and permissions only', async () => {
    for (const tenant of TENANTS) {
      for (const persona of personas[tenant]) {
        const { cookie, setCookie } = await signIn(base, tenant, persona);
        assert.match(setCookie, /; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
        assert.match(cookie, /^kineo_portal_session=[A-Za-z0-9_-]{43}$/);
        const { response, body, claims } = await tokenOf(base, tenant, cookie);
        assert.equal(response.headers.get('cache-control'), 'no-store');
        assert.deepEqual(Object.keys(body), ['token', 'expiresAt']);
        assert.equal(claims.tenant, tenant);
        assert.equal(claims.sub, persona.sub);
        assert.equal(claims.role, persona.role);
        assert.deepEqual(claims.orgs, persona.orgs);
        assert.deepEqual(claims.permissions, ['admin', 'analyst'].includes(persona.role) ? ['export'] : undefined, `${persona.role} permissions`);
        assert.equal(new Date(body.expiresAt).getTime(), claims.exp! * 1000);
      }
    }
  });

  test('the dashboards page lists exactly what the API grants each persona (learners: learning progress only)', async () => {
    for (const tenant of TENANTS) {
      for (const persona of personas[tenant]) {
        const { cookie } = await signIn(base, tenant, persona);
        const page = await browse(`${base}/c/${tenant}/dashboards`, { cookie });
        assert.equal(page.status, 200, page.text);
        assert.match(page.text, new RegExp(`<span class="who-name">${persona.name}</span> <span class="badge">${persona.role}</span>`));
        assert.deepEqual(listedDashboards(page.text, tenant), await apiDashboards(tenant, persona), `${tenant} ${persona.role}`);
      }
      assert.deepEqual(await apiDashboards(tenant, personaOf(tenant, 'learner')), ['learning-progress']);
      assert.deepEqual(await apiDashboards(tenant, personaOf(tenant, 'admin')), ['learning-progress', 'compliance', 'team-performance']);
    }
  });

  test('a dashboard page loads the elements from the API and embeds <kineo-dashboard> with the portal token route', async () => {
    const { cookie } = await signIn(base, 'acme', personaOf('acme', 'admin'));
    const page = await browse(`${base}/c/acme/dashboards/compliance`, { cookie });
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`<script type="module" src="${api.url}/elements/kineo.js"></script>`));
    assert.ok(page.text.includes(`<kineo-dashboard api="${api.url}" dashboard="compliance" token-url="/c/acme/kineo/token" sync-url></kineo-dashboard>`));
    assert.match(page.text, /<a href="\/c\/acme\/dashboards\/compliance" aria-current="page">Compliance &#38; certifications<\/a>/);
    assert.match(page.headers.get('content-security-policy') ?? '', new RegExp(`script-src 'self' ${new URL(api.url).origin}`));
  });

  test("a learner asking for compliance gets a clear 403 page, not the element; an unknown dashboard a 404 page", async () => {
    for (const tenant of TENANTS) {
      const { cookie } = await signIn(base, tenant, personaOf(tenant, 'learner'));
      const refused = await browse(`${base}/c/${tenant}/dashboards/compliance`, { cookie });
      assert.equal(refused.status, 403);
      assert.match(refused.text, /<h1>This dashboard is not available to learners<\/h1>/);
      assert.doesNotMatch(refused.text, /<kineo-dashboard/);
      assert.doesNotMatch(refused.text, /elements\/kineo\.js/);
      assert.match(refused.text, new RegExp(`href="/c/${tenant}/dashboards">Back to your dashboards`));
      const open = await browse(`${base}/c/${tenant}/dashboards/learning-progress`, { cookie });
      assert.equal(open.status, 200);
      assert.match(open.text, /<kineo-dashboard [^>]*dashboard="learning-progress"/);
    }
    const { cookie } = await signIn(base, 'acme', personaOf('acme', 'admin'));
    for (const id of ['no-such-board', 'Bad%20Id', '%3Cscript%3E']) {
      const missing = await browse(`${base}/c/acme/dashboards/${id}`, { cookie });
      assert.equal(missing.status, 404, id);
      assert.match(missing.text, /<h1>No such dashboard<\/h1>/);
      assert.doesNotMatch(missing.text, /<script>/);
    }
  });

  test('the token route answers only the signed-in persona of its own tenant, and only the portal’s own pages', async () => {
    const none = await browse(`${base}/c/acme/kineo/token`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(JSON.parse(none.text).error.code, 'unauthenticated');
    assert.equal((await browse(`${base}/c/acme/kineo/token`, { cookie: 'kineo_portal_session=forged' })).status, 401);

    const { cookie } = await signIn(base, 'acme', personaOf('acme', 'manager'));
    const otherTenant = await browse(`${base}/c/techcorp/kineo/token`, { cookie });
    assert.equal(otherTenant.status, 401);
    for (const site of ['cross-site', 'same-site']) {
      const foreign = await browse(`${base}/c/acme/kineo/token`, { cookie, headers: { 'sec-fetch-site': site } });
      assert.equal(foreign.status, 403, site);
      assert.doesNotMatch(foreign.text, /token"/);
    }
    assert.equal((await browse(`${base}/c/acme/kineo/token`, { cookie, method: 'POST' })).status, 405);
    assert.equal((await tokenOf(base, 'acme', cookie)).claims.sub, personaOf('acme', 'manager').sub);
  });

  test('a tenant route with the other tenant’s session goes to this tenant’s sign-in; signing in there ends the first session', async () => {
    const acmeAdmin = personaOf('acme', 'admin');
    const { cookie } = await signIn(base, 'acme', acmeAdmin);
    for (const path of ['dashboards', 'dashboards/learning-progress']) {
      const wrong = await browse(`${base}/c/techcorp/${path}`, { cookie });
      assert.equal(wrong.status, 303, path);
      assert.equal(wrong.headers.get('location'), '/c/techcorp/');
    }
    const signInPage = await browse(`${base}/c/techcorp/`, { cookie });
    assert.match(signInPage.text, new RegExp(`You are signed in to Acme Manufacturing as ${acmeAdmin.name}\\. Signing in here signs you out there`));
    assert.doesNotMatch(signInPage.text, /class="account"/, 'no techcorp account shown for an acme session');

    const techcorp = await signIn(base, 'techcorp', personaOf('techcorp', 'analyst'), { cookie });
    assert.equal((await browse(`${base}/c/acme/kineo/token`, { cookie })).status, 401, 'the acme session is over');
    assert.equal((await browse(`${base}/c/acme/dashboards`, { cookie: techcorp.cookie })).status, 303);
    assert.equal((await tokenOf(base, 'techcorp', techcorp.cookie)).claims.tenant, 'techcorp');
  });

  test('a session belongs to its tenant, not just to a user id: the same sub in another tenant is another user', async () => {
    const acmeLearner = personaOf('acme', 'learner');
    const namesake = { ...personaOf('techcorp', 'admin'), sub: acmeLearner.sub, name: 'TechCorp namesake' };
    const sharedBase = await startPortal({ personas: { ...personas, techcorp: [...personas.techcorp, namesake] } });
    const { cookie } = await signIn(sharedBase, 'acme', acmeLearner);
    assert.equal((await browse(`${sharedBase}/c/techcorp/kineo/token`, { cookie })).status, 401);
    assert.equal((await browse(`${sharedBase}/c/techcorp/dashboards`, { cookie })).status, 303);
    assert.doesNotMatch((await browse(`${sharedBase}/c/techcorp/`, { cookie })).text, /TechCorp namesake<\/span>/);
  });

  test('sign-out ends the session, clears the cookie and site data; the token route is 401 after', async () => {
    const { cookie } = await signIn(base, 'techcorp', personaOf('techcorp', 'manager'));
    await tokenOf(base, 'techcorp', cookie);
    const out = await browse(`${base}/c/techcorp/sign-out`, { method: 'POST', cookie, headers: { origin: base } });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/c/techcorp/?signed-out');
    assert.match(out.headers.getSetCookie()[0]!, /^kineo_portal_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
    assert.equal(out.headers.get('clear-site-data'), '"cache", "storage"');
    assert.equal((await browse(`${base}/c/techcorp/kineo/token`, { cookie })).status, 401);
    const dashboards = await browse(`${base}/c/techcorp/dashboards`, { cookie });
    assert.equal(dashboards.status, 303);
    assert.equal(dashboards.headers.get('location'), '/c/techcorp/');
    const after = await browse(`${base}/c/techcorp/?signed-out`);
    assert.match(after.text, /You are signed out/);
    assert.doesNotMatch(after.text, /class="account"/);
  });

  test('POSTs from another origin are refused: sign-in (no cookie), sign-out (session kept)', async () => {
    const persona = personaOf('acme', 'admin');
    const foreignOrigin = { origin: 'http://127.0.0.1:1' };
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      foreignOrigin,
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: base, 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of refused) {
      const response = await browse(`${base}/c/acme/sign-in`, { method: 'POST', form: { sub: persona.sub }, headers });
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(response.headers.getSetCookie().length, 0);
      assert.match(response.text, /Sign in from this portal’s own sign-in page/);
    }
    // What Chrome sends for a form on the portal's own page under Referrer-Policy: no-referrer.
    const ownForm = { origin: 'null', 'sec-fetch-site': 'same-origin' };
    const { cookie } = await signIn(base, 'acme', persona, { headers: ownForm });
    const forged = await browse(`${base}/c/acme/sign-out`, { method: 'POST', cookie, headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(forged.status, 403);
    assert.equal(forged.headers.getSetCookie().length, 0);
    assert.equal((await tokenOf(base, 'acme', cookie)).claims.sub, persona.sub, 'the session survives a forged sign-out');
    assert.equal((await browse(`${base}/c/acme/sign-out`, { method: 'POST', cookie, headers: ownForm })).status, 303);
    assert.equal((await browse(`${base}/c/acme/kineo/token`, { cookie })).status, 401);
  });

  test('only the tenant’s own personas can sign in', async () => {
    for (const sub of ['', 'acme-u999999', personaOf('techcorp', 'admin').sub]) {
      const response = await browse(`${base}/c/acme/sign-in`, { method: 'POST', form: { sub } });
      assert.equal(response.status, 400, sub);
      assert.equal(response.headers.getSetCookie().length, 0);
      assert.match(response.text, /Choose one of the personas below/);
    }
  });

  test('every text is escaped: a persona named with markup', async () => {
    const admin = personaOf('acme', 'admin');
    const hostile = {
      ...admin,
      name: '<img src=x onerror=alert(1)>',
      organisation: { id: 'acme-o0001', name: '"><script>alert(2)</script>' },
    };
    const escapingBase = await startPortal({ personas: { ...personas, acme: [hostile] } });
    const page = await browse(`${escapingBase}/c/acme/`);
    assert.doesNotMatch(page.text, /<img src=x/);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.match(page.text, /&#60;img src=x onerror=alert\(1\)&#62;/);
    const { cookie } = await signIn(escapingBase, 'acme', hostile);
    const dashboards = await browse(`${escapingBase}/c/acme/dashboards`, { cookie });
    assert.doesNotMatch(dashboards.text, /<img src=x|<script>alert/);
  });

  test('when Kineo refuses (revoked key) or is unreachable: clear pages and JSON errors, 502 / 503', async () => {
    const revokedBase = await startPortal({ apiKeys: { ...apiKeys, acme: revokedKey } });
    const revoked = await signIn(revokedBase, 'acme', personaOf('acme', 'manager'));
    const refusedToken = await browse(`${revokedBase}/c/acme/kineo/token`, { cookie: revoked.cookie });
    assert.equal(refusedToken.status, 502);
    assert.equal(JSON.parse(refusedToken.text).error.code, 'token_refused');
    const refusedPage = await browse(`${revokedBase}/c/acme/dashboards`, { cookie: revoked.cookie });
    assert.equal(refusedPage.status, 502);
    assert.match(refusedPage.text, /<h1>Dashboards could not be loaded<\/h1>/);
    // Without a token there is no theme either: the tenant is shown in Kineo's own look.
    assert.match(refusedPage.text, /--portal-brand: #0b5cab/);

    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachableBase = await startPortal({ apiUrl: `http://127.0.0.1:${closedPort}` });
    const home = await browse(`${unreachableBase}/`);
    assert.equal(home.status, 200, 'the tenant picker works without the API');
    assert.match(home.text, /href="\/c\/techcorp\/">Techcorp<\/a>/);
    assert.match(home.text, /<span class="logo logo-monogram" aria-hidden="true">TE<\/span>/, 'no theme, no logo: a monogram');
    const unreachable = await signIn(unreachableBase, 'techcorp', personaOf('techcorp', 'admin'));
    assert.equal((await browse(`${unreachableBase}/c/techcorp/kineo/token`, { cookie: unreachable.cookie })).status, 503);
    const page = await browse(`${unreachableBase}/c/techcorp/dashboards/compliance`, { cookie: unreachable.cookie });
    assert.equal(page.status, 503);
    assert.match(page.text, /<h1>Dashboards are unavailable right now<\/h1>/);
    assert.ok(portalLog.some((line) => line.includes('"status":401')), 'the portal logs what Kineo said');
    assert.ok(portalLog.some((line) => line.includes('connection refused')), portalLog.join('\n'));
  });

  test('tokens live only in the token route’s JSON: never in a page, a redirect or the log; the API keys nowhere', () => {
    assert.ok(tokensHandedOut.length >= 12, `${tokensHandedOut.length} tokens`);
    const pages = seen.filter((response) => !response.includes('"application/json; charset=utf-8"'));
    assert.ok(pages.length >= 40, `${pages.length} pages and redirects checked`);
    for (const response of [...pages, ...portalLog]) {
      assert.doesNotMatch(response, /eyJ[A-Za-z0-9_-]+\.eyJ/, 'a JWT in a page or the log');
      for (const token of tokensHandedOut) assert.ok(!response.includes(token.split('.')[2]!), 'a token signature in a page or the log');
    }
    for (const key of [...Object.values(apiKeys), revokedKey]) {
      const secretPart = key.slice('kin_'.length + 13);
      for (const response of [...seen, ...portalLog]) {
        assert.ok(!response.includes(key), 'an API key in a response or the log');
        assert.ok(!response.includes(secretPart), 'an API key’s secret part in a response or the log');
      }
    }
  });
});

describe('createPortalServer options', () => {
  test('bad options fail at creation, clearly', () => {
    const good = { apiUrl: 'http://127.0.0.1:8787', apiKeys: { acme: 'kin_x' }, personas: { acme: [{ sub: 'a', name: 'A', role: 'admin', organisation: { id: 'o', name: 'O' } }] } } as PortalOptions;
    assert.throws(() => portal.createPortalServer({ ...good, apiUrl: 'ftp://x' }), /apiUrl must be an http\(s\) URL/);
    assert.throws(() => portal.createPortalServer({ ...good, apiKeys: { acme: 'secret' } }), /apiKeys\.acme is not a Kineo API key/);
    assert.throws(() => portal.createPortalServer({ ...good, personas: {} }), /personas\.acme must list/);
    assert.throws(() => portal.createPortalServer({ ...good, personas: { ...good.personas, techcorp: [] } }), /personas\.techcorp has no API key/);
    assert.throws(() => portal.createPortalServer({ ...good, tokenTtlSeconds: 5 }), /tokenTtlSeconds/);
    assert.throws(() => portal.createPortalServer({ ...good, apiKeys: { 'Acme/..': 'kin_x' }, personas: {} }), /not a lower-case slug/);
  });

  test('tokenTtlSeconds sets the lifetime of the tokens handed to the browser', async () => {
    const shortBase = await startPortal({ tokenTtlSeconds: 30 });
    const { cookie } = await signIn(shortBase, 'acme', personaOf('acme', 'learner'));
    const { claims } = await tokenOf(shortBase, 'acme', cookie);
    assert.equal(claims.exp! - claims.iat!, 30);
  });
});
