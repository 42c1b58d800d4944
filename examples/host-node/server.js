// @ts-check
// A minimal host application for Kineo Embed: plain node:http, its own login, and one route that
// mints an embed token for the logged-in user with @kineo/node. Run: node examples/host-node/server.js
// (see README.md). The tenant API key stays on this server; the browser only ever gets the token.
import { createServer } from 'node:http';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEmbedToken, KineoApiError, KineoUnreachableError } from '@kineo/node';

/**
 * A user of this host. `sub`, `role` and `orgs` are what Kineo gets: the user's id in the host,
 * the role that decides what the dashboards show, and (for managers) the organisations they see.
 * @typedef {object} HostUser
 * @property {string} username
 * @property {string} name
 * @property {string} passwordHash `scrypt$<salt>$<hash>` (see hashPassword)
 * @property {string} sub
 * @property {import('@kineo/node').Role} role
 * @property {string[]} [orgs]
 * @property {import('@kineo/node').Permission[]} [permissions] e.g. `export` (CSV/XLSX downloads)
 */

/**
 * @typedef {object} HostOptions
 * @property {string} apiUrl Base URL of the Kineo API.
 * @property {string} apiKey The tenant API key (`kin_…`). Never leaves this server.
 * @property {HostUser[]} users
 * @property {boolean} [secureCookies] Add `Secure` to the session cookie (set it behind HTTPS).
 * @property {(message: string, fields?: Record<string, unknown>) => void} [log]
 */

const SESSION_COOKIE = 'host_session';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const MAX_FORM_BYTES = 8 * 1024;
const SCRYPT_KEY_BYTES = 32;

/**
 * Hashes a password for users.json: `scrypt$<salt>$<hash>`, both base64url.
 * @param {string} password
 * @returns {Promise<string>}
 */
export async function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * @param {string} password
 * @param {Buffer} salt
 * @returns {Promise<Buffer>}
 */
function scryptAsync(password, salt) {
  return new Promise((resolve, reject) => scrypt(password, salt, SCRYPT_KEY_BYTES, (error, key) => (error ? reject(error) : resolve(key))));
}

// Checked when the username is unknown too, so a wrong username takes as long as a wrong password.
const DUMMY_HASH = `scrypt$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(SCRYPT_KEY_BYTES).toString('base64url')}`;

/**
 * @param {string} password
 * @param {string} stored
 * @returns {Promise<boolean>}
 */
async function verifyPassword(password, stored) {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Reads the demo users (users.json next to this file unless another file is given).
 * @param {string | URL} [file]
 * @returns {HostUser[]}
 */
export function loadUsers(file = new URL('./users.json', import.meta.url)) {
  return JSON.parse(readFileSync(file, 'utf8')).users;
}

/** @param {unknown} text */
function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
 * @param {string} title
 * @param {string} body
 */
function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Acme Learning (Kineo host example)</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1f2937; }
  code, pre { background: #f3f4f6; border-radius: 4px; padding: 0.1rem 0.3rem; }
  pre { padding: 0.75rem; overflow-x: auto; }
  label { display: block; margin: 0.5rem 0; }
  .error { color: #b91c1c; }
</style>
</head>
<body>
<h1>Acme Learning</h1>
${body}
</body>
</html>`;
}

/** @param {string} [error] */
function loginPage(error) {
  return page(
    'Log in',
    `<p>Log in as one of the demo users (see <code>examples/host-node/README.md</code>).</p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
  <label>Username <input name="username" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Log in</button>
</form>`,
  );
}

/** The dashboards a user can switch between on the home page (the API decides which they may open). */
const DASHBOARDS = [
  { id: 'learning-progress', title: 'Learning progress' },
  { id: 'compliance', title: 'Compliance' },
  { id: 'team-performance', title: 'Team performance' },
];

/**
 * The home page: the Kineo elements' script from the API and one `<kineo-dashboard>`, whose token
 * comes from this server's `/kineo/token` (the session cookie goes with that same-origin request;
 * nothing about the token is in the page).
 * @param {HostUser} user
 * @param {string} apiUrl
 * @param {string} dashboard one of DASHBOARDS
 */
function homePage(user, apiUrl, dashboard) {
  const orgs = user.orgs?.length ? ` of ${user.orgs.map((o) => `<code>${escapeHtml(o)}</code>`).join(', ')}` : '';
  const api = apiUrl.replace(/\/+$/, '');
  const tabs = DASHBOARDS.map(
    (d) => `<a href="/?dashboard=${d.id}"${d.id === dashboard ? ' aria-current="page"' : ''}>${escapeHtml(d.title)}</a>`,
  ).join(' · ');
  return page(
    'Home',
    `<p>Welcome, ${escapeHtml(user.name)}: <code>${escapeHtml(user.sub)}</code>, ${escapeHtml(user.role)}${orgs}.</p>
<form method="post" action="/logout"><button type="submit">Log out</button></form>
<nav aria-label="Dashboards">${tabs}</nav>
<script type="module" src="${escapeHtml(api)}/elements/kineo.js"></script>
<kineo-dashboard api="${escapeHtml(api)}" dashboard="${escapeHtml(dashboard)}" token-url="/kineo/token" sync-url></kineo-dashboard>
<details><summary>How this page embeds the dashboard</summary>
<pre>${escapeHtml(`<script type="module" src="${api}/elements/kineo.js"></script>
<kineo-dashboard api="${api}" dashboard="${dashboard}" token-url="/kineo/token" sync-url></kineo-dashboard>`)}</pre>
<p>The element fetches <a href="/kineo/token"><code>/kineo/token</code></a> with this session's cookie.
That route, on this server, asks the Kineo API for an embed token for you with the tenant's API
key (<code>createEmbedToken</code> from <code>@kineo/node</code>) and answers only
<code>{ token, expiresAt }</code>: the API key never reaches the browser, and the token is good
for a few minutes, for your user and role only. The element keeps it in memory and fetches a new
one before it expires.</p></details>`,
  );
}

/**
 * Builds the host app (not yet listening). Sessions live in memory: restarting logs everyone out.
 * @param {HostOptions} options
 * @returns {import('node:http').Server}
 */
export function createHostServer(options) {
  const { apiUrl, apiKey, users } = options;
  const log = options.log ?? ((message, fields) => console.error(JSON.stringify({ time: new Date().toISOString(), message, ...fields })));
  const byUsername = new Map(users.map((user) => [user.username, user]));
  /** @type {Map<string, { user: HostUser; expires: number }>} */
  const sessions = new Map();
  const cookieFlags = `Path=/; HttpOnly; SameSite=Lax${options.secureCookies ? '; Secure' : ''}`;
  // The home page loads the elements from the API's origin and they call it; charts draw inline
  // styles and export images through data: and blob: URLs.
  const apiOrigin = new URL(apiUrl).origin;
  const pageSecurityPolicy = [
    "default-src 'self'",
    `script-src 'self' ${apiOrigin}`,
    `connect-src 'self' ${apiOrigin}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
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
   * A POST must come from this site's own pages: an Origin, when the browser sends one, must be ours.
   * @param {import('node:http').IncomingMessage} req
   */
  function sameOrigin(req) {
    const origin = req.headers.origin;
    if (!origin) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} html
   * @param {Record<string, string | string[]>} [headers]
   */
  function sendHtml(res, status, html, headers = {}) {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
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
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify(body));
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {string} location
   * @param {Record<string, string>} [headers]
   */
  function redirect(res, location, headers = {}) {
    res.writeHead(303, { location, 'cache-control': 'no-store', ...headers }).end();
  }

  /**
   * GET /kineo/token: an embed token for the logged-in user, from the Kineo API.
   * @param {HostUser} user
   * @param {import('node:http').ServerResponse} res
   */
  async function mintToken(user, res) {
    try {
      const { token, expiresAt } = await createEmbedToken({
        apiUrl,
        apiKey,
        sub: user.sub,
        role: user.role,
        ...(user.orgs ? { orgs: user.orgs } : {}),
        ...(user.permissions ? { permissions: user.permissions } : {}),
      });
      sendJson(res, 200, { token, expiresAt });
    } catch (error) {
      // Details stay in this server's log (they never contain the key); the browser gets a summary.
      if (error instanceof KineoApiError) {
        log('kineo refused the token', { sub: user.sub, status: error.status, code: error.code, error: error.message, details: error.details });
        sendJson(res, 502, { error: { code: 'token_refused', message: 'The dashboard service refused to issue a token.' } });
      } else if (error instanceof KineoUnreachableError) {
        log('kineo unreachable', { sub: user.sub, error: error.message });
        sendJson(res, 503, { error: { code: 'token_unavailable', message: 'The dashboard service is unreachable. Try again shortly.' } });
      } else {
        log('token request failed', { sub: user.sub, error: error instanceof Error ? error.name : String(error) });
        sendJson(res, 500, { error: { code: 'internal', message: 'Could not get a dashboard token.' } });
      }
    }
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const { pathname } = new URL(req.url ?? '/', 'http://host.invalid');
    const session = currentSession(req);

    if (pathname === '/' && req.method === 'GET') {
      if (!session) return redirect(res, '/login');
      const requested = new URL(req.url ?? '/', 'http://host.invalid').searchParams.get('dashboard');
      const dashboard = DASHBOARDS.find((d) => d.id === requested)?.id ?? 'learning-progress';
      return sendHtml(res, 200, homePage(session.user, apiUrl, dashboard), { 'content-security-policy': pageSecurityPolicy });

    }

    if (pathname === '/login' && req.method === 'GET') return session ? redirect(res, '/') : sendHtml(res, 200, loginPage());

    if (pathname === '/login' && req.method === 'POST') {
      if (!sameOrigin(req)) return sendHtml(res, 403, loginPage('Log in from this site’s own login page.'));
      const form = await readForm(req);
      const user = byUsername.get(form.get('username') ?? '');
      const valid = await verifyPassword(form.get('password') ?? '', user?.passwordHash ?? DUMMY_HASH);
      if (!user || !valid) return sendHtml(res, 401, loginPage('Wrong username or password.'));
      if (session) sessions.delete(session.id);
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { user, expires: Date.now() + SESSION_TTL_MS });
      return redirect(res, '/', { 'set-cookie': `${SESSION_COOKIE}=${id}; ${cookieFlags}; Max-Age=${SESSION_TTL_MS / 1000}` });
    }

    if (pathname === '/logout' && req.method === 'POST') {
      if (!sameOrigin(req)) return sendJson(res, 403, { error: { code: 'forbidden', message: 'Cross-site request refused.' } });
      if (session) sessions.delete(session.id);
      return redirect(res, '/login', { 'set-cookie': `${SESSION_COOKIE}=; ${cookieFlags}; Max-Age=0` });
    }

    if (pathname === '/kineo/token' && req.method === 'GET') {
      if (!session) return sendJson(res, 401, { error: { code: 'unauthenticated', message: 'Log in first.' } });
      return mintToken(session.user, res);
    }

    if (['/', '/login', '/logout', '/kineo/token'].includes(pathname)) {
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  }

  return createServer((req, res) => {
    handle(req, res).catch((error) => {
      log('request failed', { path: req.url, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
}

// Started directly (`node examples/host-node/server.js`), not imported by a test.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const apiUrl = process.env['KINEO_API_URL'] ?? 'http://127.0.0.1:8787';
  const apiKey = process.env['KINEO_API_KEY'];
  if (!apiKey) {
    console.error('Set KINEO_API_KEY to a tenant API key: npx kineo keys create --tenant acme');
    process.exit(1);
  }
  const port = Number(process.env['PORT'] ?? 8788);
  const host = process.env['HOST'] ?? '127.0.0.1';
  const users = loadUsers();
  createHostServer({ apiUrl, apiKey, users, secureCookies: process.env['SECURE_COOKIES'] === '1' }).listen(port, host, () => {
    console.log(`Acme Learning (Kineo host example) on http://localhost:${port}, minting tokens at ${apiUrl}`);
    console.log(`Demo users: ${users.map((u) => `${u.username} (${u.role})`).join(', ')}; passwords in README.md`);
  });
}
