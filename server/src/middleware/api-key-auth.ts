import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { Logger } from '../http/logger.js';
import type { TenantApiKeys } from '../api-keys/tenant-api-keys.js';
import type { TenantRegistry } from '../tenants/tenant-registry.js';

export interface ApiKeyAuthOptions {
  apiKeys: TenantApiKeys;
  tenants: TenantRegistry;
  logger: Logger;
}

/**
 * Requires a tenant API key (`Authorization: Bearer kin_…`) — the credential of a host's server,
 * never of a browser — and sets `c.get('apiKey')`. Keys in the URL are refused.
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler {
  if (typeof options.apiKeys?.authenticate !== 'function') throw new TypeError('apiKeyAuth needs apiKeys');
  return async function apiKeyAuthMiddleware(c, next) {
    if ([...new URL(c.req.url).searchParams.keys()].some((name) => /key|token/i.test(name)))
      throw new ApiError('unauthenticated', 'Send the API key in the Authorization header, never in the URL.');
    const match = /^Bearer (kin_\S+)$/.exec(c.req.header('authorization') ?? '');
    const identity = match ? await options.apiKeys.authenticate(match[1]!) : undefined;
    const tenant = identity && options.tenants.get(identity.tenantId);
    if (!identity || !tenant) {
      options.logger.warn('api key refused', { requestId: c.get('requestId') });
      throw new ApiError('unauthenticated', 'A valid tenant API key is required: Authorization: Bearer kin_….');
    }
    c.set('apiKey', { ...identity, tenant });
    await next();
  };
}
