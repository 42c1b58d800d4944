import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../http/logger.js';

/**
 * Gives each request an id (returned as `x-request-id`, quoted in error bodies) and logs one line
 * per request. The path is logged without its query string so nothing secret lands in logs.
 */
export function requestContext(options: { logger: Logger }): MiddlewareHandler {
  return async function requestContextMiddleware(c, next) {
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const auth = c.get('auth');
    options.logger.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      tenant: auth?.tenant.id,
      role: auth?.claims.role,
    });
  };
}
