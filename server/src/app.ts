import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JWK } from 'jose';
import type { Catalog } from './catalog/catalog.js';
import type { QueryEngine } from './engines/engine.js';
import { ApiError, toApiError } from './http/api-error.js';
import { silentLogger, type Logger } from './http/logger.js';
import './http/context.js';
import type { KeyRing } from './auth/key-ring.js';
import { createEmbedTokenVerifier } from './auth/verify-embed-token.js';
import { embedAuth } from './middleware/embed-auth.js';
import { requestContext } from './middleware/request-context.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import type { TenantRegistry } from './tenants/tenant-registry.js';
import { systemClock, type Clock } from './clock.js';

export interface AppOptions {
  tenants: TenantRegistry;
  catalog: Catalog;
  /** Engines by kind (`duckdb`, …); each tenant names the kind its data lives in. */
  engines: Readonly<Record<string, QueryEngine>>;
  /** Keys that verify embed tokens, and the public JWKS of the API's own signing keys. */
  keys: { ring: KeyRing; jwks: readonly JWK[] };
  /** The `aud` every embed token must carry. */
  audience: string;
  clock?: Clock;
  logger?: Logger;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

/**
 * The Kineo API. Wires middleware and routes only; it imports nothing Node-specific, so it runs
 * wherever Hono does, given engines that work there.
 */
export function createApp(options: AppOptions): Hono {
  const logger = options.logger ?? silentLogger;
  const engineFor = (kind: string) => {
    const engine = options.engines[kind];
    if (!engine) throw new ApiError('unavailable', 'The data engine for this tenant is not configured.');
    return engine;
  };
  const verify = createEmbedTokenVerifier({
    keys: options.keys.ring,
    tenants: options.tenants,
    audience: options.audience,
    clock: options.clock ?? systemClock,
  });

  const app = new Hono();
  app.use(requestContext({ logger }));

  app.route('/', healthRoutes(options.tenants, engineFor));
  app.get('/.well-known/jwks.json', (c) => c.json({ keys: options.keys.jwks }));

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 64 * 1024,
      onError: () => {
        throw new ApiError('payload_too_large', 'The request body is too large.');
      },
    }),
  );
  app.use('/v1/*', embedAuth({ verify, logger }));
  app.route('/v1', dashboardRoutes({ catalog: options.catalog, engineFor, logger }));

  app.notFound((c) => c.json(new ApiError('not_found', 'There is nothing at this address.').toBody(c.get('requestId')), 404));
  app.onError((error, c) => {
    const apiError = toApiError(error);
    const requestId = c.get('requestId');
    if (apiError.status >= 500)
      logger.error('request failed', {
        requestId,
        code: apiError.code,
        cause: error instanceof ApiError ? undefined : error.name,
        engineCode: (error as { code?: string }).code,
      });
    return c.json(apiError.toBody(requestId), apiError.status);
  });
  return app;
}
