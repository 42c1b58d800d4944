import { EmbedTokenClaims, FilterValues, MAX_TOKEN_LIFETIME_SECONDS, Permission, Role } from '@kineo/core';
import { z } from 'zod';
import { signWithDevelopmentKey } from '../auth/development-token.js';
import type { EmbedTokenGrant } from '../auth/sign-embed-token.js';
import type { ServerConfiguration } from '../bootstrap.js';

export interface TokenCommandOptions {
  tenant: string;
  sub: string;
  role: string;
  orgs?: string[];
  dashboards?: string[];
  filters?: string;
  permissions?: string[];
  ttlSeconds: number;
}

const list = (values?: string[]) => (values && values.length > 0 ? values : undefined);

/**
 * Signs an embed token with the tenant's development host key, as the tenant's host application
 * would: for local use, curl examples and tests. Refuses tenants without a development key.
 */
export async function developmentToken(config: ServerConfiguration, options: TokenCommandOptions): Promise<string> {
  const tenant = config.tenants.get(options.tenant);
  if (!tenant) throw new Error(`unknown tenant "${options.tenant}" (known: ${config.tenants.all().map((t) => t.id).join(', ')})`);
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds < 1 || options.ttlSeconds > MAX_TOKEN_LIFETIME_SECONDS)
    throw new Error(`--ttl must be 1..${MAX_TOKEN_LIFETIME_SECONDS} seconds`);

  const grant: EmbedTokenGrant = {
    sub: options.sub,
    tenant: tenant.id,
    role: Role.parse(options.role),
    orgs: list(options.orgs),
    dashboards: list(options.dashboards),
    filters: options.filters ? FilterValues.parse(JSON.parse(options.filters)) : undefined,
    permissions: list(options.permissions)?.map((p) => Permission.parse(p)),
  };
  // Check the claims as the server will, so a bad flag fails here with a clear message.
  const now = Math.floor(Date.now() / 1000);
  const check = EmbedTokenClaims.safeParse({ ...grant, iss: tenant.issuer, aud: config.settings.audience, iat: now, exp: now + options.ttlSeconds });
  if (!check.success) throw new Error(z.prettifyError(check.error));

  return signWithDevelopmentKey(config, grant, { ttlSeconds: options.ttlSeconds });
}
