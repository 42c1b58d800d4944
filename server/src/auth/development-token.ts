import type { TenantRegistry } from '../tenants/tenant-registry.js';
import type { ServerSettings } from '../settings.js';
import { ensureDevelopmentSecret } from './development-secrets.js';
import { signEmbedToken, type EmbedTokenGrant } from './sign-embed-token.js';

export interface DevelopmentSigner {
  tenants: TenantRegistry;
  settings: Pick<ServerSettings, 'dataDir' | 'audience'>;
}

/**
 * Signs an embed token with the tenant's development host key (`secret: { generate: development }`),
 * the way that tenant's host application would: for `kineo token`, tests and benchmarks.
 */
export async function signWithDevelopmentKey(
  signer: DevelopmentSigner,
  grant: EmbedTokenGrant,
  options: { ttlSeconds: number; now?: Date },
): Promise<string> {
  const tenant = signer.tenants.get(grant.tenant);
  if (!tenant)
    throw new Error(`unknown tenant "${grant.tenant}" (known: ${signer.tenants.all().map((t) => t.id).join(', ')})`);
  const key = tenant.hostKeys.find((k) => k.alg === 'HS256' && 'generate' in k.secret);
  if (!key) throw new Error(`tenant "${tenant.id}" has no development host key (secret: { generate: development })`);
  const secret = ensureDevelopmentSecret(signer.settings.dataDir, key.kid);
  return signEmbedToken(grant, { kid: key.kid, alg: 'HS256', secret }, {
    issuer: tenant.issuer,
    audience: signer.settings.audience,
    ...options,
  });
}
