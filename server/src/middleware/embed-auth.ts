import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { Logger } from '../http/logger.js';
import { TokenRejected, type EmbedTokenVerifier } from '../auth/verify-embed-token.js';
import { rowScopeFor } from '../scope/row-scope.js';
import { claimedIdentity, type AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';

/** Query-string names a token might be smuggled in; tokens in URLs end up in logs and histories. */
const TOKEN_QUERY_NAMES = ['token', 'access_token', 'jwt', 'id_token', 'embed_token', 'auth'];

export interface EmbedAuthOptions {
  verify: EmbedTokenVerifier;
  logger: Logger;
  audit: AuditLog;
  clock: Clock;
}

function unauthenticated(message: string): ApiError {
  return new ApiError('unauthenticated', message);
}

/**
 * Requires a valid embed token in `Authorization: Bearer …` and sets `c.get('auth')`: tenant,
 * claims, row scope and granted dashboards. Nothing downstream runs for a rejected token.
 */
export function embedAuth(options: EmbedAuthOptions): MiddlewareHandler {
  if (typeof options.verify !== 'function') throw new TypeError('embedAuth needs a verify function');
  return async function embedAuthMiddleware(c, next) {
    const url = new URL(c.req.url);
    if (TOKEN_QUERY_NAMES.some((name) => url.searchParams.has(name)))
      throw unauthenticated('Send the embed token in the Authorization header, never in the URL.');
    const header = c.req.header('authorization');
    const match = header ? /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(header) : null;
    if (!match) throw unauthenticated('An embed token is required: Authorization: Bearer <token>.');

    let verified;
    try {
      verified = await options.verify(match[1]!);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      options.logger.warn('token rejected', { requestId: c.get('requestId'), reason: error.reason });
      options.audit.record({
        time: options.clock.now().toISOString(),
        outcome: 'rejected',
        verified: false,
        reason: error.reason,
        ...claimedIdentity(match[1]!),
      });
      throw unauthenticated(`The embed token was rejected: ${error.reason}.`);
    }
    const { claims, tenant } = verified;
    const granted = claims.dashboards ? new Set(claims.dashboards) : undefined;
    c.set('auth', {
      claims,
      tenant,
      scope: rowScopeFor(claims),
      dashboards: new Set(tenant.dashboards.filter((id) => !granted || granted.has(id))),
      lockedFilters: claims.filters ?? {},
      permissions: new Set((claims.permissions ?? []).filter((permission) => tenant.permissions.includes(permission))),
    });
    await next();
  };
}
