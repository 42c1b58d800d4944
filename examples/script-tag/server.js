// @ts-check
// Acme Learning, a Totara-like LMS page that embeds a Kineo dashboard with one script tag and one
// element, served from its own origin (not the API's). Plain node:http. Its token endpoint,
// GET /local/kineo/token.php (the Totara plugin's path), signs a short-lived embed token for the
// signed-in user with the tenant's host key (`signEmbedToken` from @kineo/node), as the plugin does.
// Run: node examples/script-tag/server.js (see README.md).
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signEmbedToken } from '@kineo/node';
import { REPORTS, lmsPage } from './lms-page.js';

/** @typedef {import('./lms-page.js').LmsUser} LmsUser */

/**
 * @typedef {object} ScriptTagServerOptions
 * @property {string} apiUrl Base URL of the Kineo API (another origin than this page's).
 * @property {string} tenant The Kineo tenant this LMS is, e.g. `acme`.
 * @property {string} issuer The tenant's registered issuer, e.g. `https://lms.acme.example`.
 * @property {{ kid: string; secret: string | Uint8Array }} hostKey The tenant's HS256 host key
 *   (base64url text or bytes). Never leaves this server.
 * @property {LmsUser[]} users The LMS's users; the first is signed in on a first visit.
 * @property {string} [audience] `aud` of the tokens; default `kineo-embed`.
 * @property {boolean} [allowShortTtl] Let `?ttl=<seconds>` (30..900) on the token route, and on the
 *   page (passed on to the element's `token-url`), choose the token lifetime. For tests only.
 * @property {boolean} [secureCookies] Add `Secure` to the session cookie (set it behind HTTPS).
 * @property {(message: string, fields?: Record<string, unknown>) => void} [log]
 */

/** The Totara plugin's token endpoint (examples/totara/local/kineo/token.php). */
export const TOKEN_PATH = '/local/kineo/token.php';
/** Token lifetime: 10 minutes, as the Totara plugin's default; the element refreshes before expiry. */
export const TOKEN_TTL_SECONDS = 600;
const MIN_TTL_SECONDS = 30;
const MAX_TTL_SECONDS = 900;

// Not `host_session` (examples/host-node) nor the portal's: cookies are shared by every port of a host.
const SESSION_COOKIE = 'acme_lms_session';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const MAX_FORM_BYTES = 4 * 1024;

const here = fileURLToPath(new URL('.', import.meta.url));
/** The page's static files, by URL path: a fixed list, so no request reaches another file. */
const STATIC_FILES = new Map([
  ['/static/lms.css', { file: join(here, 'static/lms.css'), type: 'text/css; charset=utf-8' }],
  ['/static/acme-logo.svg', { file: join(here, 'static/acme-logo.svg'), type: 'image/svg+xml' }],
]);

/**
 * Reads the LMS's users (users.json next to this file unless another file is given).
 * @param {string | URL} [file]
 * @returns {LmsUser[]}
 */
export function loadUsers(file = new URL('./users.json', import.meta.url)) {
  return JSON.parse(readFileSync(file, 'utf8')).users;
}

/**
 * The development HS256 secret of host key `kid`, which the Kineo API generates into its data
 * folder on first start (`<dataDir>/secrets/<kid>.secret`, base64url). A real LMS keeps its own
 * copy of the secret in its settings; this demo reads the API's.
 * @param {string} dataDir
 * @param {string} kid
 * @returns {string}
 */
export function readDevelopmentSecret(dataDir, kid) {
  const file = join(dataDir, 'secrets', `${kid}.secret`);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
    throw new Error(
      `${file} does not exist: start the Kineo API once with the same KINEO_DATA_DIR (npm start, or node server/bin/kineo.js serve); it generates the tenant's development secret there.`,
    );
  }
}

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
 * @returns {Promise<URLSearchParams | undefined>} undefined when it is too large
 */
function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_FORM_BYTES ? undefined : new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * A state-changing request must come from this site's own pages: when the browser says where it
 * comes from (`Origin`, `Sec-Fetch-Site`), that must be here.
 * @param {import('node:http').IncomingMessage} req
 */
function fromThisSite(req) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * @param {string | null} value
 * @returns {number | undefined} the lifetime in seconds, or undefined when it is not one
 */
function ttlOf(value) {
  if (value === null || !/^\d{1,4}$/.test(value)) return undefined;
  const ttl = Number(value);
  return ttl >= MIN_TTL_SECONDS && ttl <= MAX_TTL_SECONDS ? ttl : undefined;
}

/**
 * @param {ScriptTagServerOptions} options
 */
function checkOptions(options) {
  /** @type {string[]} */
  const problems = [];
  let apiUrl;
  try {
    apiUrl = new URL(options.apiUrl);
  } catch {
    // reported below
  }
  if (!apiUrl || (apiUrl.protocol !== 'http:' && apiUrl.protocol !== 'https:')) problems.push('apiUrl must be an http(s) URL');
  if (typeof options.tenant !== 'string' || options.tenant === '') problems.push('tenant is required');
  if (typeof options.issuer !== 'string' || options.issuer === '') problems.push('issuer is required');
  if (!options.hostKey || typeof options.hostKey.kid !== 'string' || !options.hostKey.secret) problems.push('hostKey needs kid and secret');
  if (!Array.isArray(options.users) || options.users.length === 0) problems.push('users must list at least one user');
  if (problems.length > 0) throw new TypeError(`createScriptTagServer: ${problems.join('; ')}`);
}

/**
 * Builds the LMS page's server (not yet listening). Sessions live in memory: a restart signs
 * everyone in again as the first user.
 *
 * Routes: `GET /` (the page; `?dashboard=` picks a report), `POST /session` (switch user),
 * `GET /local/kineo/token.php` (`{ token, expiresAt }` for the signed-in user), `/static/*`.
 * @param {ScriptTagServerOptions} options
 * @returns {import('node:http').Server}
 */
export function createScriptTagServer(options) {
  checkOptions(options);
  const { apiUrl, tenant, issuer, hostKey, users } = options;
  const log = options.log ?? ((message, fields) => console.error(JSON.stringify({ time: new Date().toISOString(), message, ...fields })));
  const bySub = new Map(users.map((user) => [user.sub, user]));
  const firstUser = /** @type {LmsUser} */ (users[0]);
  /** @type {Map<string, { user: LmsUser; expires: number }>} */
  const sessions = new Map();
  const cookieFlags = `Path=/; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;

  // The page loads the elements from the API's origin and they call it; charts draw inline styles
  // and export images through data: and blob: URLs. No inline script, no 'unsafe-eval'.
  const apiOrigin = new URL(apiUrl).origin;
  const pageSecurityPolicy = [
    "default-src 'self'",
    `script-src 'self' ${apiOrigin}`,
    `connect-src 'self' ${apiOrigin}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  /** @param {import('node:http').IncomingMessage} req */
  function currentSession(req) {
    const id = sessionIdOf(req);
    const session = id ? sessions.get(id) : undefined;
    if (!id || !session) return undefined;
    if (session.expires < Date.now()) {
      sessions.delete(id);
      return undefined;
    }
    return { id, user: session.user };
  }

  /**
   * Starts a session for `user`; returns its Set-Cookie header.
   * @param {LmsUser} user
   */
  function startSession(user) {
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, { user, expires: Date.now() + SESSION_TTL_MS });
    return `${SESSION_COOKIE}=${id}; ${cookieFlags}; Max-Age=${SESSION_TTL_MS / 1000}`;
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
      'cross-origin-resource-policy': 'same-origin',
    });
    res.end(JSON.stringify(body));
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} message
   */
  function sendText(res, status, message) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(message);
  }

  /**
   * GET /: the report page for the signed-in user; a first visit signs in as the first user.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URLSearchParams} query
   */
  function sendPage(req, res, query) {
    const session = currentSession(req);
    const user = session?.user ?? firstUser;
    /** @type {Record<string, string>} */
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': pageSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    };
    if (!session) headers['set-cookie'] = startSession(user);
    const report = REPORTS.find((r) => r.dashboard === query.get('dashboard')) ?? /** @type {import('./lms-page.js').LmsReport} */ (REPORTS[0]);
    const ttl = options.allowShortTtl ? ttlOf(query.get('ttl')) : undefined;
    const tokenUrl = ttl === undefined ? TOKEN_PATH : `${TOKEN_PATH}?ttl=${ttl}`;
    res.writeHead(200, headers).end(lmsPage({ apiUrl, report, tokenUrl, user, users }));
  }

  /**
   * POST /session: switch to another demo user (a new session id), then back to the report.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function switchUser(req, res) {
    if (!fromThisSite(req)) return sendText(res, 403, 'Switch users from this site’s own pages.');
    const form = await readForm(req);
    const user = bySub.get(form?.get('user') ?? '');
    if (!form || !user) return sendText(res, 400, 'Unknown user.');
    const session = currentSession(req);
    if (session) sessions.delete(session.id);
    const report = REPORTS.find((r) => r.dashboard === form.get('dashboard'));
    res
      .writeHead(303, { location: report ? `/?dashboard=${report.dashboard}` : '/', 'cache-control': 'no-store', 'set-cookie': startSession(user) })
      .end();
  }

  /**
   * GET /local/kineo/token.php: an embed token for the signed-in user, signed here.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URLSearchParams} query
   */
  async function sendToken(req, res, query) {
    // Only this site's own pages fetch tokens. Another port of the same host is the same *site*, so
    // the Lax session cookie would go with its requests: the browser's Sec-Fetch-Site tells them apart.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return sendJson(res, 403, { error: { code: 'forbidden', message: 'Tokens are only for Acme Learning’s own pages.' } });
    const session = currentSession(req);
    if (!session) return sendJson(res, 401, { error: { code: 'unauthenticated', message: 'Sign in to Acme Learning first.' } });
    let ttl = TOKEN_TTL_SECONDS;
    if (options.allowShortTtl && query.has('ttl')) {
      const asked = ttlOf(query.get('ttl'));
      if (asked === undefined)
        return sendJson(res, 400, { error: { code: 'bad_request', message: `ttl must be a whole number of seconds, ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}.` } });
      ttl = asked;
    }
    const { user } = session;
    const now = new Date();
    try {
      const token = await signEmbedToken(
        {
          tenant,
          sub: user.sub,
          role: user.role,
          ...(user.orgs ? { orgs: user.orgs } : {}),
          ...(user.permissions ? { permissions: user.permissions } : {}),
          ttl,
        },
        { kid: hostKey.kid, alg: 'HS256', secret: hostKey.secret },
        { issuer, now, ...(options.audience ? { audience: options.audience } : {}) },
      );
      // signEmbedToken's iat is `now` in whole seconds; exp is iat + ttl.
      const expiresAt = new Date((Math.floor(now.getTime() / 1000) + ttl) * 1000).toISOString();
      sendJson(res, 200, { token, expiresAt });
    } catch (error) {
      // @kineo/node's messages name fields, never key material; the browser gets a summary.
      log('token not signed', { sub: user.sub, error: error instanceof Error ? error.message : String(error) });
      sendJson(res, 500, { error: { code: 'internal', message: 'Could not sign a dashboard token.' } });
    }
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const { pathname } = url;
    const method = req.method ?? 'GET';
    const read = method === 'GET' || method === 'HEAD';

    if (pathname === '/' && read) return sendPage(req, res, url.searchParams);
    if (pathname === '/session' && method === 'POST') return switchUser(req, res);
    if (pathname === TOKEN_PATH && method === 'GET') return sendToken(req, res, url.searchParams);
    const asset = STATIC_FILES.get(pathname);
    if (asset && read) {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
      return res.end(readFileSync(asset.file));
    }
    if (pathname === '/' || pathname === '/session' || pathname === TOKEN_PATH || asset) return sendText(res, 405, 'Method not allowed');
    sendText(res, 404, 'Not found');
  }

  return createServer((req, res) => {
    handle(req, res).catch((error) => {
      log('request failed', { path: new URL(req.url ?? '/', 'http://host.invalid').pathname, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
}

// Started directly (`node examples/script-tag/server.js`), not imported by a test or a script.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const apiUrl = process.env['KINEO_API_URL'] ?? 'http://127.0.0.1:8787';
  const dataDir = resolve(process.env['KINEO_DATA_DIR'] ?? '.kineo');
  const port = Number(process.env['PORT'] ?? 8788);
  const host = process.env['HOST'] ?? '127.0.0.1';
  const kid = 'acme-dev';
  let secret;
  try {
    secret = readDevelopmentSecret(dataDir, kid);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const users = loadUsers();
  const server = createScriptTagServer({
    apiUrl,
    tenant: 'acme',
    issuer: 'https://lms.acme.example',
    hostKey: { kid, secret },
    users,
    ...(process.env['KINEO_AUDIENCE'] ? { audience: process.env['KINEO_AUDIENCE'] } : {}),
    secureCookies: process.env['SECURE_COOKIES'] === '1',
  });
  server.listen(port, host, () => {
    console.log(`Acme Learning (Kineo script-tag example) on http://localhost:${port}, dashboards from ${apiUrl}`);
  });
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
