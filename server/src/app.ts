import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Catalog } from './catalog/catalog.js';
import type { QueryEngine } from './engines/engine.js';
import { ApiError, toApiError } from './http/api-error.js';
import { silentLogger, type Logger } from './http/logger.js';
import './http/context.js';
import type { KeyRing } from './auth/key-ring.js';
import { createEmbedTokenVerifier } from './auth/verify-embed-token.js';
import { embedAuth } from './middleware/embed-auth.js';
import { apiKeyAuth } from './middleware/api-key-auth.js';
import { embedTokenRoutes } from './routes/embed-token-routes.js';
import type { ApiSigningKeys } from './auth/api-signing-keys.js';
import type { TenantApiKeys } from './api-keys/tenant-api-keys.js';
import { noAudit, type AuditLog } from './audit/audit-log.js';
import { requestContext } from './middleware/request-context.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { elementsRoutes, type ElementBundle } from './routes/elements-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { viewerRoutes } from './routes/viewer-routes.js';
import { embedCors, tenantOrigin } from './middleware/cors.js';
import { healthRoutes } from './routes/health-routes.js';
import type { TenantRegistry } from './tenants/tenant-registry.js';
import { systemClock, type Clock } from './clock.js';

export interface AppOptions {
  tenants: TenantRegistry;
  catalog: Catalog;
  /** Engines by kind (`duckdb`, …); each tenant names the kind its data lives in. */
  engines: Readonly<Record<string, QueryEngine>>;
  /** Keys that verify embed tokens; also publishes the API's public signing keys. */
  keys: KeyRing;
  /** The API's own signing keys: the current one signs tokens minted through the API. */
  signingKeys: ApiSigningKeys;
  /** Tenant API keys, the credential host servers mint tokens with. */
  apiKeys: TenantApiKeys;
  audit?: AuditLog;
  /** The `aud` every embed token carries. */
  audience: string;
  /** The `iss` of tokens the API signs. */
  issuer: string;
  clock?: Clock;
  logger?: Logger;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Most rows one file export may carry (default MAX_EXPORT_ROWS from @kineo/core). */
  maxExportRows?: number;
  /** The built script-tag bundle served at `/elements/kineo.js`; absent, that path says it is not built. */
  elementsBundle?: ElementBundle;
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
  const clock = options.clock ?? systemClock;
  const audit = options.audit ?? noAudit;
  const verify = createEmbedTokenVerifier({ keys: options.keys, tenants: options.tenants, audience: options.audience, clock });

  const app = new Hono();
  app.use(requestContext({ logger }));

  app.route('/', healthRoutes(options.tenants, engineFor));
  app.route('/', elementsRoutes(options.elementsBundle));
  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ keys: options.keys.jwks(clock.now()) });
  });

  // Before everything else on /v1, so preflights are answered and errors are readable by the browser.
  app.use('/v1/*', embedCors({ tenants: options.tenants }));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 64 * 1024,
      onError: () => {
        throw new ApiError('payload_too_large', 'The request body is too large.');
      },
    }),
  );
  // Host servers mint with an API key; browsers read data with an embed token.
  app.use('/v1/embed-tokens', apiKeyAuth({ apiKeys: options.apiKeys, tenants: options.tenants, logger }));
  app.route(
    '/v1',
    embedTokenRoutes({ catalog: options.catalog, audit, signingKeys: options.signingKeys, issuer: options.issuer, audience: options.audience, clock }),
  );
  const withEmbedToken = embedAuth({ verify, logger, audit, clock });
  const fromAllowedOrigin = tenantOrigin({ audit, clock, logger });
  for (const path of ['/v1/dashboards', '/v1/dashboards/*', '/v1/query', '/v1/viewer']) app.use(path, withEmbedToken, fromAllowedOrigin);
  const queryServices = { catalog: options.catalog, engineFor, logger };
  app.route('/v1', viewerRoutes());
  app.route('/v1', dashboardRoutes(queryServices));
  app.route('/v1', exportRoutes({ services: queryServices, audit, clock, maxRows: options.maxExportRows }));

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
    if (apiError.retryAfterSeconds !== undefined) c.header('Retry-After', String(apiError.retryAfterSeconds));
    return c.json(apiError.toBody(requestId), apiError.status);
  });
  return app;
}
