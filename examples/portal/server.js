// @ts-check
// The Kineo Embed demo portal: a host application in its own right, for every demo tenant at once.
// Plain node:http, no framework. A visitor picks a tenant (/), signs in as one of its demo personas
// (/c/<tenant>/), sees the dashboards the Kineo API grants that persona and opens one as a live
// <kineo-dashboard>. Tokens are minted here, server-side, with each tenant's API key
// (@kineo/node's createEmbedToken); the browser only ever gets `{ token, expiresAt }` from
// /c/<tenant>/kineo/token. Run: node examples/portal/server.js (see README.md).
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEmbedToken, KineoApiError, KineoUnreachableError } from '@kineo/node';
import { brandingFromViewer, fallbackBranding } from './tenant-branding.js';
import { EXPORTING_ROLES, ROLES, dashboardListPage, dashboardPage, dashboardRefusedPage, messagePage, signInPage, tenantPickerPage } from './pages.js';

/**
 * A demo user of one tenant, as `kineo personas --tenant <id>` lists them.
 * @typedef {object} Persona
 * @property {string} sub The user's id in the tenant's data (the token's `sub`).
 * @property {string} name
 * @property {import('@kineo/node').Role} role
 * @property {{ id: string; name: string }} organisation Where the persona works.
 * @property {string[]} [orgs] The organisations whose data the persona sees (managers, analysts).
 */

/**
 * @typedef {(message: string, fields?: Record<string, unknown>) => void} PortalLog
 */

/**
 * @typedef {object} PortalOptions
 * @property {string} apiUrl Base URL of the Kineo API.
 * @property {Record<string, string>} apiKeys Each tenant's API key (`kin_…`), by tenant id. They never leave this server.
 * @property {Record<string, Persona[]>} personas Each tenant's demo personas, by tenant id (the same tenants as `apiKeys`).
 * @property {number} [tokenTtlSeconds] Lifetime of the tokens handed to the browser (30..900; default: the API's, 10 minutes).
 * @property {number} [brandingTtlMs] How long a tenant's name and theme are cached (default 5 minutes).
 * @property {boolean} [secureCookies] Add `Secure` to the session cookie (set it behind HTTPS).
 * @property {PortalLog} [log]
 */

/** @typedef {import('./tenant-branding.js').TenantBranding} TenantBranding */

/**
 * @typedef {object} Session
 * @property {string} id
 * @property {string} tenant
 * @property {string} sub
 * @property {number} expires
 * @property {{ token: string; expiresAt: number } | undefined} apiToken The token this server uses for its own calls to the API on the persona's behalf.
 */

/** @typedef {{ id: string; title: string; description?: string }} DashboardSummary */

// One cookie for the whole portal, Path=/: a visitor is signed in to one tenant at a time, and
// signing in to another ends the first session (see README.md, "Sessions").
const SESSION_COOKIE = 'kineo_portal_session';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const MAX_FORM_BYTES = 8 * 1024;
const API_TIMEOUT_MS = 10_000;
/** Lifetime of the token this server uses for its own API calls; reused while a minute is left. */
const API_TOKEN_TTL_SECONDS = 600;
const API_TOKEN_MARGIN_MS = 60_000;
/** The token for a theme lookup is used once, at once: the shortest lifetime the API allows. */
const THEME_TOKEN_TTL_SECONDS = 30;
const DEFAULT_BRANDING_TTL_MS = 5 * 60 * 1000;
/** After a failed theme lookup the fallback look is kept only briefly, so the real one comes back soon. */
const FALLBACK_BRANDING_TTL_MS = 15_000;
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const DASHBOARD_ID = /^[a-z][a-z0-9_-]{0,63}$/;

const STYLESHEET = readFileSync(new URL('./portal.css', import.meta.url), 'utf8');

// --- Requests and responses.

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {string | undefined}
 */
function sessionIdOf(req) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/**
 * Reads a small urlencoded form body.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<URLSearchParams>}
 */
function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('form too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * A POST must come from this portal's own pages: `Sec-Fetch-Site` (when sent) says same-origin,
 * and `Origin` (when sent) names this host. Another port on localhost is another origin but the
 * same *site*, so SameSite cookies alone would let it through. Under `Referrer-Policy:
 * no-referrer` browsers send `Origin: null` even for a form on the same origin; then only a
 * `Sec-Fetch-Site: same-origin` vouches for it.
 * @param {import('node:http').IncomingMessage} req
 */
function fromOwnPage(req) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return site === 'same-origin';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Why the Kineo API could not answer a call the portal made for a page. */
class DashboardServiceError extends Error {
  /** @param {'refused' | 'unreachable'} kind @param {string} message @param {Record<string, unknown>} [fields] */
  constructor(kind, message, fields = {}) {
    super(message);
    this.name = 'DashboardServiceError';
    this.kind = kind;
    this.fields = fields;
  }
}

/**
 * Checks the options at creation, so a wrong file or a missing key fails at start-up, clearly.
 * @param {PortalOptions} options
 * @returns {string[]} the tenant ids
 */
function validateOptions(options) {
  if (!options || typeof options !== 'object') throw new TypeError('createPortalServer needs an options object');
  const { apiUrl, apiKeys, personas, tokenTtlSeconds } = options;
  if (typeof apiUrl !== 'string' || !URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol))
    throw new TypeError(`apiUrl must be an http(s) URL, got ${JSON.stringify(apiUrl)}`);
  if (!apiKeys || typeof apiKeys !== 'object') throw new TypeError('apiKeys must map each tenant id to its API key');
  if (!personas || typeof personas !== 'object') throw new TypeError('personas must map each tenant id to its demo personas');
  const tenants = Object.keys(apiKeys);
  if (tenants.length === 0) throw new TypeError('apiKeys names no tenant');
  for (const tenant of tenants) {
    if (!TENANT_ID.test(tenant)) throw new TypeError(`tenant id "${tenant}" is not a lower-case slug`);
    if (typeof apiKeys[tenant] !== 'string' || !apiKeys[tenant]?.startsWith('kin_')) throw new TypeError(`apiKeys.${tenant} is not a Kineo API key (kin_…)`);
    const list = personas[tenant];
    if (!Array.isArray(list) || list.length === 0) throw new TypeError(`personas.${tenant} must list the tenant's demo personas (kineo personas --tenant ${tenant})`);
    for (const [i, persona] of list.entries()) {
      if (!persona || typeof persona.sub !== 'string' || typeof persona.name !== 'string' || !ROLES.includes(persona.role))
        throw new TypeError(`personas.${tenant}[${i}] needs sub, name and a role (${ROLES.join(', ')})`);
    }
  }
  for (const tenant of Object.keys(personas)) if (!tenants.includes(tenant)) throw new TypeError(`personas.${tenant} has no API key in apiKeys`);
  if (tokenTtlSeconds !== undefined && (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 30 || tokenTtlSeconds > 900))
    throw new TypeError('tokenTtlSeconds must be a whole number of seconds, 30..900');
  return tenants;
}

/**
 * Builds the portal (not yet listening). Sessions live in memory: restarting signs everyone out.
 * @param {PortalOptions} options
 * @returns {import('node:http').Server}
 */
export function createPortalServer(options) {
  const tenants = validateOptions(options);
  const { apiUrl, apiKeys, personas } = options;
  const apiBase = apiUrl.replace(/\/+$/, '');
  const apiOrigin = new URL(apiUrl).origin;
  /** @type {import('./pages.js').Site} */
  const site = { apiBase };
  const brandingTtlMs = options.brandingTtlMs ?? DEFAULT_BRANDING_TTL_MS;
  const log = options.log ?? ((message, fields) => console.error(JSON.stringify({ time: new Date().toISOString(), message, ...fields })));
  /** @type {Map<string, Session>} */
  const sessions = new Map();
  /** @type {Map<string, { branding: TenantBranding; expires: number } | Promise<TenantBranding>>} */
  const brandings = new Map();
  const cookieFlags = `Path=/; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;

  /** @param {string} tenant @param {string} sub */
  const personaOf = (tenant, sub) => personas[tenant]?.find((persona) => persona.sub === sub);

  /**
   * The embed-token grant for a persona: who they are, their role and orgs, and `export` for the
   * roles that may download.
   * @param {Persona} persona
   * @param {number} [ttl]
   */
  function grantOf(persona, ttl = options.tokenTtlSeconds) {
    return {
      sub: persona.sub,
      role: persona.role,
      ...(persona.orgs?.length ? { orgs: persona.orgs } : {}),
      ...(EXPORTING_ROLES.has(persona.role) ? { permissions: /** @type {import('@kineo/node').Permission[]} */ (['export']) } : {}),
      ...(ttl ? { ttl } : {}),
    };
  }

  /**
   * @param {string} tenant
   * @param {Persona} persona
   * @param {number} [ttl]
   */
  function mint(tenant, persona, ttl) {
    return createEmbedToken({ apiUrl, apiKey: /** @type {string} */ (apiKeys[tenant]), ...grantOf(persona, ttl) });
  }

  /**
   * A token for this server's own calls on the session's behalf, reused while it has a minute left.
   * @param {Session} session
   * @param {Persona} persona
   */
  async function apiTokenOf(session, persona) {
    if (session.apiToken && session.apiToken.expiresAt - Date.now() > API_TOKEN_MARGIN_MS) return session.apiToken.token;
    const { token, expiresAt } = await mint(session.tenant, persona, API_TOKEN_TTL_SECONDS);
    session.apiToken = { token, expiresAt: Date.parse(expiresAt) };
    return token;
  }

  /**
   * GET `path` on the API with `token`.
   * @param {string} path
   * @param {string} token
   * @returns {Promise<{ status: number; body: any }>}
   */
  async function apiGet(path, token) {
    let response;
    try {
      response = await fetch(`${apiBase}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
        redirect: 'manual',
      });
    } catch (error) {
      throw new DashboardServiceError('unreachable', 'The dashboard service is unreachable.', { path, error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
    }
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }

  /**
   * Runs `call` with the session's API token; once more with a fresh one if the API says 401
   * (e.g. it restarted with new signing keys). Minting failures become DashboardServiceErrors.
   * @template T
   * @param {Session} session
   * @param {Persona} persona
   * @param {(token: string) => Promise<T & { status: number }>} call
   * @returns {Promise<T & { status: number }>}
   */
  async function asPersona(session, persona, call) {
    try {
      const first = await call(await apiTokenOf(session, persona));
      if (first.status !== 401) return first;
      session.apiToken = undefined;
      return await call(await apiTokenOf(session, persona));
    } catch (error) {
      if (error instanceof KineoApiError)
        throw new DashboardServiceError('refused', 'The dashboard service refused to issue a token.', { status: error.status, code: error.code, error: error.message });
      if (error instanceof KineoUnreachableError) throw new DashboardServiceError('unreachable', 'The dashboard service is unreachable.', { error: error.message });
      throw error;
    }
  }

  /**
   * The dashboards the API grants the persona (`GET /v1/dashboards`).
   * @param {Session} session
   * @param {Persona} persona
   * @returns {Promise<DashboardSummary[]>}
   */
  async function dashboardsOf(session, persona) {
    const { status, body } = await asPersona(session, persona, (token) => apiGet('/v1/dashboards', token));
    if (status !== 200 || !Array.isArray(body?.dashboards))
      throw new DashboardServiceError('refused', 'The dashboard service did not list the dashboards.', { status, code: body?.error?.code });
    return body.dashboards.filter(
      /** @param {any} d @returns {d is DashboardSummary} */ (d) => typeof d?.id === 'string' && DASHBOARD_ID.test(d.id) && typeof d.title === 'string',
    );
  }

  /**
   * Why a dashboard the list lacks cannot be opened: the API's own answer for it (403 or 404).
   * @param {Session} session
   * @param {Persona} persona
   * @param {string} id
   * @returns {Promise<'forbidden' | 'not_found'>}
   */
  async function refusalOf(session, persona, id) {
    const { status } = await asPersona(session, persona, (token) => apiGet(`/v1/dashboards/${encodeURIComponent(id)}`, token));
    return status === 404 ? 'not_found' : 'forbidden';
  }

  /**
   * The tenant's name and theme from the API (`GET /v1/viewer`, with a short-lived token for its
   * least-privileged persona), cached for `brandingTtlMs`. If the API cannot answer, Kineo's own
   * look with the tenant id, for a few seconds.
   * @param {string} tenant
   * @returns {Promise<TenantBranding>}
   */
  async function brandingOf(tenant) {
    const cached = brandings.get(tenant);
    if (cached instanceof Promise) return cached;
    if (cached && cached.expires > Date.now()) return cached.branding;
    const lookup = (async () => {
      const list = /** @type {Persona[]} */ (personas[tenant]);
      const persona = [...list].sort((a, b) => ROLES.indexOf(b.role) - ROLES.indexOf(a.role))[0];
      try {
        const { token } = await mint(tenant, /** @type {Persona} */ (persona), THEME_TOKEN_TTL_SECONDS);
        const { status, body } = await apiGet('/v1/viewer', token);
        if (status !== 200) throw new Error(`GET /v1/viewer answered ${status}${body?.error?.code ? ` (${body.error.code})` : ''}`);
        const branding = brandingFromViewer(tenant, body);
        brandings.set(tenant, { branding, expires: Date.now() + brandingTtlMs });
        return branding;
      } catch (error) {
        log('tenant theme unavailable', { tenant, error: error instanceof Error ? error.message : String(error) });
        const branding = fallbackBranding(tenant);
        brandings.set(tenant, { branding, expires: Date.now() + FALLBACK_BRANDING_TTL_MS });
        return branding;
      }
    })();
    brandings.set(tenant, lookup);
    return lookup;
  }

  /**
   * The page's Content-Security-Policy: scripts and requests only from here and the API (the
   * elements call it), images also from data:/blob: (chart export) and the tenants' logo origins.
   * @param {TenantBranding[]} shown
   */
  function pageSecurityPolicy(shown) {
    const logoOrigins = [...new Set(shown.flatMap((b) => (b.logoUrl && /^https?:/i.test(b.logoUrl) ? [new URL(b.logoUrl).origin] : [])))];
    return [
      "default-src 'self'",
      `script-src 'self' ${apiOrigin}`,
      `connect-src 'self' ${apiOrigin}`,
      `img-src 'self' data: blob:${logoOrigins.map((origin) => ` ${origin}`).join('')}`,
      "style-src 'self' 'unsafe-inline'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  }

  /** @param {import('node:http').IncomingMessage} req @returns {Session | undefined} */
  function currentSession(req) {
    const id = sessionIdOf(req);
    const session = id ? sessions.get(id) : undefined;
    if (!session) return undefined;
    if (session.expires < Date.now()) {
      sessions.delete(session.id);
      return undefined;
    }
    return session;
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} html
   * @param {TenantBranding[]} shown the tenants whose logos the page shows
   * @param {Record<string, string | string[]>} [headers]
   */
  function sendHtml(res, status, html, shown, headers = {}) {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': pageSecurityPolicy(shown),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    });
    res.end(html);
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {unknown} body
   */
  function sendJson(res, status, body) {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    res.end(JSON.stringify(body));
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {string} location
   * @param {Record<string, string>} [headers]
   */
  function redirect(res, location, headers = {}) {
    res.writeHead(303, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', ...headers }).end();
  }

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {string} text */
  function sendText(res, status, text) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(text);
  }

  // --- Routes.

  /**
   * GET /c/<tenant>/kineo/token: a fresh embed token for the signed-in persona of this tenant.
   * @param {string} tenant
   * @param {Persona} persona
   * @param {import('node:http').ServerResponse} res
   */
  async function tokenRoute(tenant, persona, res) {
    try {
      const { token, expiresAt } = await mint(tenant, persona);
      sendJson(res, 200, { token, expiresAt });
    } catch (error) {
      // Details stay in this server's log (they never contain the key); the browser gets a summary.
      if (error instanceof KineoApiError) {
        log('kineo refused the token', { tenant, sub: persona.sub, status: error.status, code: error.code, error: error.message });
        sendJson(res, 502, { error: { code: 'token_refused', message: 'The dashboard service refused to issue a token.' } });
      } else if (error instanceof KineoUnreachableError) {
        log('kineo unreachable', { tenant, sub: persona.sub, error: error.message });
        sendJson(res, 503, { error: { code: 'token_unavailable', message: 'The dashboard service is unreachable. Try again shortly.' } });
      } else {
        log('token request failed', { tenant, sub: persona.sub, error: error instanceof Error ? error.name : String(error) });
        sendJson(res, 500, { error: { code: 'internal', message: 'Could not get a dashboard token.' } });
      }
    }
  }

  /**
   * A page for a DashboardServiceError: 502 when the API refused, 503 when unreachable.
   * @param {import('node:http').ServerResponse} res
   * @param {DashboardServiceError} error
   * @param {TenantBranding} branding
   * @param {Persona} persona
   */
  function sendServiceError(res, error, branding, persona) {
    log('dashboard service error', { tenant: branding.id, sub: persona.sub, kind: error.kind, ...error.fields });
    const unreachable = error.kind === 'unreachable';
    sendHtml(
      res,
      unreachable ? 503 : 502,
      messagePage(site, branding, persona, unreachable ? 'Dashboards are unavailable right now' : 'Dashboards could not be loaded', unreachable ? 'The dashboard service cannot be reached. Try again in a moment.' : 'The dashboard service did not accept this portal’s request. The portal’s log has the details.'),
      [branding],
    );
  }

  /**
   * Everything under /c/<tenant>/.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} tenant
   * @param {string} rest the path after /c/<tenant>/
   * @param {URLSearchParams} query
   */
  async function tenantRoute(req, res, tenant, rest, query) {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const session = currentSession(req);
    const own = session && session.tenant === tenant ? session : undefined;
    const persona = own ? personaOf(tenant, own.sub) : undefined;
    const tenantPersonas = personas[tenant] ?? [];

    if (rest === 'kineo/token') {
      if (method !== 'GET') return sendText(res, 405, 'Method not allowed');
      // The element fetches this from the portal's own pages; nothing else should (another port on
      // localhost is the same site, so the Lax cookie alone would go with it).
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') return sendJson(res, 403, { error: { code: 'forbidden', message: 'Tokens are only for this portal’s own pages.' } });
      if (!own || !persona) return sendJson(res, 401, { error: { code: 'unauthenticated', message: `Sign in to this tenant first: /c/${tenant}/` } });
      return tokenRoute(tenant, persona, res);
    }

    if (rest === 'sign-in') {
      if (method !== 'POST') return method === 'GET' ? redirect(res, `/c/${tenant}/`) : sendText(res, 405, 'Method not allowed');
      const branding = await brandingOf(tenant);
      if (!fromOwnPage(req)) return sendHtml(res, 403, signInPage(site, branding, tenantPersonas, { error: 'Sign in from this portal’s own sign-in page.' }), [branding]);
      const form = await readForm(req);
      const chosen = personaOf(tenant, form.get('sub') ?? '');
      if (!chosen) return sendHtml(res, 400, signInPage(site, branding, tenantPersonas, { error: 'Choose one of the personas below.' }), [branding]);
      // One session per visitor: any earlier one (this tenant or another) ends here.
      if (session) sessions.delete(session.id);
      for (const [staleId, stale] of sessions) if (stale.expires < Date.now()) sessions.delete(staleId);
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { id, tenant, sub: chosen.sub, expires: Date.now() + SESSION_TTL_MS, apiToken: undefined });
      log('signed in', { tenant, sub: chosen.sub, role: chosen.role });
      return redirect(res, `/c/${tenant}/dashboards`, { 'set-cookie': `${SESSION_COOKIE}=${id}; ${cookieFlags}; Max-Age=${SESSION_TTL_MS / 1000}` });
    }

    if (rest === 'sign-out') {
      if (method !== 'POST') return sendText(res, 405, 'Method not allowed');
      if (!fromOwnPage(req)) return sendText(res, 403, 'Sign out from this portal’s own pages.');
      if (session) sessions.delete(session.id);
      // Clear-Site-Data empties anything a script might have stored for this origin (there should
      // be nothing: the element keeps its token in memory, and leaving the page drops it).
      return redirect(res, `/c/${tenant}/?signed-out`, {
        'set-cookie': `${SESSION_COOKIE}=; ${cookieFlags}; Max-Age=0`,
        'clear-site-data': '"cache", "storage"',
      });
    }

    if (rest === '') {
      if (method !== 'GET') return sendText(res, 405, 'Method not allowed');
      const branding = await brandingOf(tenant);
      const other = session && session.tenant !== tenant ? personaOf(session.tenant, session.sub) : undefined;
      return sendHtml(
        res,
        200,
        signInPage(site, branding, tenantPersonas, {
          ...(persona ? { signedIn: persona } : {}),
          ...(other && session ? { otherTenant: { persona: other, branding: await brandingOf(session.tenant) } } : {}),
          signedOut: query.has('signed-out') && !session,
        }),
        [branding],
      );
    }

    const dashboardMatch = /^dashboards(?:\/([^/]+))?$/.exec(rest);
    if (!dashboardMatch) return sendText(res, 404, 'Not found');
    if (method !== 'GET') return sendText(res, 405, 'Method not allowed');
    // Signed out, or signed in to another tenant: this tenant's sign-in page.
    if (!own || !persona) return redirect(res, `/c/${tenant}/`);
    const branding = await brandingOf(tenant);
    const id = dashboardMatch[1];
    try {
      const dashboards = await dashboardsOf(own, persona);
      if (id === undefined) return sendHtml(res, 200, dashboardListPage(site, branding, persona, dashboards), [branding]);
      const dashboard = DASHBOARD_ID.test(id) ? dashboards.find((d) => d.id === id) : undefined;
      if (dashboard) return sendHtml(res, 200, dashboardPage(site, branding, persona, dashboard, dashboards), [branding]);
      const refusal = DASHBOARD_ID.test(id) ? await refusalOf(own, persona, id) : 'not_found';
      if (refusal === 'not_found')
        return sendHtml(res, 404, messagePage(site, branding, persona, 'No such dashboard', `There is no dashboard “${id}”.`), [branding]);
      return sendHtml(
        res,
        403,
        dashboardRefusedPage(site, branding, persona, id),
        [branding],
      );
    } catch (error) {
      if (error instanceof DashboardServiceError) return sendServiceError(res, error, branding, persona);
      throw error;
    }
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    const { pathname } = url;
    const method = req.method === 'HEAD' ? 'GET' : req.method;

    if (pathname === '/') {
      if (method !== 'GET') return sendText(res, 405, 'Method not allowed');
      const all = await Promise.all(tenants.map(brandingOf));
      const session = currentSession(req);
      const persona = session ? personaOf(session.tenant, session.sub) : undefined;
      const signedIn = session && persona ? { persona, branding: /** @type {TenantBranding} */ (all.find((b) => b.id === session.tenant)) } : undefined;
      return sendHtml(res, 200, tenantPickerPage(site, all.map((branding) => ({ branding, personas: personas[branding.id]?.length ?? 0 })), signedIn), all);
    }

    if (pathname === '/assets/portal.css') {
      if (method !== 'GET') return sendText(res, 405, 'Method not allowed');
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      res.end(STYLESHEET);
      return;
    }

    const tenantMatch = /^\/c\/([^/]+)(\/.*)?$/.exec(pathname);
    if (tenantMatch) {
      const [, tenant = '', rest] = tenantMatch;
      if (!tenants.includes(tenant)) return sendText(res, 404, 'Not found: no such tenant');
      if (rest === undefined) return redirect(res, `/c/${tenant}/`);
      return tenantRoute(req, res, tenant, rest.slice(1).replace(/\/$/, ''), url.searchParams);
    }

    sendText(res, 404, 'Not found');
  }

  return createServer((req, res) => {
    handle(req, res).catch((error) => {
      log('request failed', { path: new URL(req.url ?? '/', 'http://portal.invalid').pathname, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
}

/**
 * Reads a JSON file named by an environment variable, with a clear error when it is missing.
 * @param {string} variable
 * @param {string | undefined} file
 * @param {string} hint how to make the file
 */
function readJsonFile(variable, file, hint) {
  if (!file) throw new Error(`Set ${variable} to a JSON file: ${hint}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${variable}=${file} could not be read as JSON (${error instanceof Error ? error.message : String(error)}). ${hint}`);
  }
}

// Started directly (`node examples/portal/server.js`), not imported by a test.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const apiUrl = process.env['KINEO_API_URL'] ?? 'http://127.0.0.1:8787';
    const apiKeys = readJsonFile('PORTAL_API_KEYS_FILE', process.env['PORTAL_API_KEYS_FILE'], '{ "acme": "kin_…", "techcorp": "kin_…" } from `npx kineo keys create --tenant <id>`');
    const personas = readJsonFile('PORTAL_PERSONAS_FILE', process.env['PORTAL_PERSONAS_FILE'], '{ "acme": [...], "techcorp": [...] } from `npx kineo personas --tenant <id>`');
    const ttl = process.env['PORTAL_TOKEN_TTL'];
    const port = Number(process.env['PORT'] ?? 8790);
    const host = process.env['HOST'] ?? '127.0.0.1';
    const server = createPortalServer({
      apiUrl,
      apiKeys,
      personas,
      ...(ttl ? { tokenTtlSeconds: Number(ttl) } : {}),
      secureCookies: process.env['SECURE_COOKIES'] === '1',
    });
    server.listen(port, host, () => {
      console.log(`Kineo demo portal on http://localhost:${port} (tenants: ${Object.keys(apiKeys).join(', ')}), dashboards from ${apiUrl}`);
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
