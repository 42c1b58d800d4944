import type { Context, MiddlewareHandler } from 'hono';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import { ApiError } from '../http/api-error.js';
import type { Logger } from '../http/logger.js';
import type { TenantRegistry } from '../tenants/tenant-registry.js';

const ALLOW_METHODS = 'GET, POST';
const ALLOW_HEADERS = 'authorization, content-type';
const EXPOSE_HEADERS = 'content-disposition, retry-after, x-request-id';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** Server-to-server only: host servers mint tokens with an API key, browsers never call it. */
const SERVER_ONLY_PATH = /^\/v1\/embed-tokens\/?$/;

/** True when the request's `Origin` is the API's own (its host is the request's `Host`). */
function isSameOrigin(c: Context, origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === (c.req.header('host') ?? new URL(c.req.url).host);
}

/**
 * CORS for the browser API (`/v1/*` except `/v1/embed-tokens`). A preflight carries no token, so it
 * is answered for any origin some tenant allows (and refused for others, without any
 * `Access-Control-Allow-*` header). An actual request from such an origin may read its response,
 * errors included (so the browser can read a 401 and refresh its token), unless tenantOrigin
 * refuses it once the token names its tenant. Requests without `Origin` are not affected.
 * Credentials are never allowed: the elements send no cookies.
 */
export function embedCors(options: { tenants: TenantRegistry }): MiddlewareHandler {
  if (typeof options.tenants?.all !== 'function') throw new TypeError('embedCors needs the tenant registry');
  const allowedByAnyTenant = new Set(options.tenants.all().flatMap((tenant) => tenant.allowedOrigins));

  return async function embedCorsMiddleware(c, next) {
    if (SERVER_ONLY_PATH.test(c.req.path)) return next();
    const origin = c.req.header('origin');
    const mayRead = origin !== undefined && (allowedByAnyTenant.has(origin) || isSameOrigin(c, origin));

    if (c.req.method === 'OPTIONS') {
      if (origin === undefined) return c.body(null, 204, { Allow: `${ALLOW_METHODS}, OPTIONS` });
      if (!mayRead) {
        c.header('Vary', 'Origin');
        throw new ApiError('forbidden', 'This origin may not call the Kineo API from a browser.');
      }
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
        Vary: 'Origin',
      });
    }

    c.set('corsOrigin', mayRead ? origin : undefined);
    await next();
    c.header('Vary', 'Origin', { append: true });
    const readableBy = c.get('corsOrigin');
    if (readableBy) {
      c.header('Access-Control-Allow-Origin', readableBy);
      c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
  };
}

/**
 * After embedAuth: a request from a browser origin must come from one of the token's tenant's
 * `allowedOrigins` (exact match) or from the API's own origin. Otherwise 403, audited, and the
 * response is not readable by that origin. Requests without `Origin` (servers, curl) pass.
 */
export function tenantOrigin(options: { audit: AuditLog; clock: Clock; logger: Logger }): MiddlewareHandler {
  return async function tenantOriginMiddleware(c, next) {
    const origin = c.req.header('origin');
    const auth = c.get('auth');
    if (origin !== undefined && !auth.tenant.allowedOrigins.includes(origin) && !isSameOrigin(c, origin)) {
      c.set('corsOrigin', undefined);
      options.logger.warn('origin refused', { requestId: c.get('requestId'), tenant: auth.tenant.id });
      options.audit.record({
        time: options.clock.now().toISOString(),
        outcome: 'origin_refused',
        verified: true,
        tenant: auth.tenant.id,
        sub: auth.claims.sub,
        ...(auth.claims.jti ? { jti: auth.claims.jti } : {}),
        origin: origin.slice(0, 200),
      });
      throw new ApiError('forbidden', `This origin is not allowed to embed ${auth.tenant.displayName}'s dashboards.`);
    }
    await next();
  };
}
