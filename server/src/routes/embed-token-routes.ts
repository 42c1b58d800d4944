import { Hono } from 'hono';
import { EmbedTokenRequest, type EmbedTokenResponse } from '@kineo/core';
import type { AuditLog } from '../audit/audit-log.js';
import type { Catalog } from '../catalog/catalog.js';
import { checkGrant } from '../embed-tokens/check-grant.js';
import { mintEmbedToken, type MintOptions } from '../embed-tokens/mint-embed-token.js';
import { ApiError } from '../http/api-error.js';
import { jsonBody } from '../http/json-body.js';

export interface EmbedTokenRouteOptions extends MintOptions {
  catalog: Catalog;
  audit: AuditLog;
}

/** `POST /v1/embed-tokens`: a host's server asks for a token for one of its users (behind apiKeyAuth). */
export function embedTokenRoutes(options: EmbedTokenRouteOptions): Hono {
  const app = new Hono();
  app.post('/embed-tokens', async (c) => {
    const { tenant, keyId } = c.get('apiKey');
    const request = await jsonBody(c, EmbedTokenRequest);
    const time = options.clock.now().toISOString();
    try {
      checkGrant(request, tenant, options.catalog);
    } catch (error) {
      if (error instanceof ApiError)
        options.audit.record({
          time,
          outcome: 'mint_refused',
          verified: true,
          tenant: tenant.id,
          sub: request.sub,
          apiKeyId: keyId,
          reason: error.details?.issues?.map((issue) => issue.path).join(', ') ?? error.code,
        });
      throw error;
    }
    const minted = await mintEmbedToken(request, tenant.id, options);
    options.audit.record({
      time,
      outcome: 'minted',
      verified: true,
      tenant: tenant.id,
      sub: request.sub,
      jti: minted.jti,
      kid: minted.kid,
      apiKeyId: keyId,
    });
    c.header('Cache-Control', 'no-store');
    const response: EmbedTokenResponse = { token: minted.token, expiresAt: minted.expiresAt };
    return c.json(response);
  });
  return app;
}
