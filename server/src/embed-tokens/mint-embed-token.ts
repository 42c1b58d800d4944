import type { EmbedTokenResponse, ParsedEmbedTokenRequest } from '@kineo/core';
import type { ApiSigningKeys } from '../auth/api-signing-keys.js';
import { signEmbedToken } from '../auth/sign-embed-token.js';
import type { Clock } from '../clock.js';

export interface MintOptions {
  signingKeys: ApiSigningKeys;
  issuer: string;
  audience: string;
  clock: Clock;
}

/** Signs an already checked grant with the API's current signing key. */
export async function mintEmbedToken(
  request: ParsedEmbedTokenRequest,
  tenantId: string,
  options: MintOptions,
): Promise<EmbedTokenResponse & { jti: string; kid: string }> {
  const now = options.clock.now();
  const key = options.signingKeys.signing(now);
  const jti = crypto.randomUUID();
  const token = await signEmbedToken(
    {
      sub: request.sub,
      tenant: tenantId,
      role: request.role,
      ...(request.orgs ? { orgs: request.orgs } : {}),
      ...(request.dashboards ? { dashboards: request.dashboards } : {}),
      ...(request.filters ? { filters: request.filters } : {}),
      ...(request.permissions ? { permissions: request.permissions } : {}),
    },
    { kid: key.kid, alg: key.alg, privateKey: key.privateKey },
    { issuer: options.issuer, audience: options.audience, ttlSeconds: request.ttl, now, jti },
  );
  const iat = Math.floor(now.getTime() / 1000);
  return { token, expiresAt: new Date((iat + request.ttl) * 1000).toISOString(), jti, kid: key.kid };
}
