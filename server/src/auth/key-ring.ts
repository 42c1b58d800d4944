import { importJWK } from 'jose';
import type { TenantRegistry } from '../tenants/tenant-registry.js';
import type { JWK } from 'jose';
import type { ApiSigningKeys } from './api-signing-keys.js';
import { ensureDevelopmentSecret, HOST_SECRET_BYTES } from './development-secrets.js';

export type KeyAlgorithm = 'HS256' | 'EdDSA' | 'ES256' | 'RS256';

/** A key that may verify embed tokens, with the one algorithm it is pinned to. */
export interface VerificationKey {
  kid: string;
  alg: KeyAlgorithm;
  key: CryptoKey | Uint8Array;
  /**
   * The API's own keys sign for any tenant (the API checked the grant when it minted); a host
   * key signs only for the tenant that registered it.
   */
  owner: { kind: 'api' } | { kind: 'tenant'; tenantId: string };
  /** The `iss` tokens verified by this key must carry. */
  issuer: string;
}

/** Every key that may verify an embed token right now, and the public keys the API publishes. */
export interface KeyRing {
  get(kid: string, now: Date): VerificationKey | undefined;
  jwks(now: Date): JWK[];
}

export interface KeyRingOptions {
  tenants: TenantRegistry;
  apiKeys: ApiSigningKeys;
  apiIssuer: string;
  dataDir: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** Resolves every registered key's material once, at start-up. A missing or short secret stops start-up. */
export async function buildKeyRing(options: KeyRingOptions): Promise<KeyRing> {
  const env = options.env ?? process.env;
  const keys = new Map<string, VerificationKey>();

  for (const tenant of options.tenants.all()) {
    for (const hostKey of tenant.hostKeys) {
      if (keys.has(hostKey.kid) || hostKey.kid.startsWith('kineo-'))
        throw new Error(`host key "${hostKey.kid}" of tenant "${tenant.id}" reuses a kid (or the API's "kineo-" prefix)`);
      let material: CryptoKey | Uint8Array;
      if (hostKey.alg === 'HS256') {
        if ('env' in hostKey.secret) {
          const value = env[hostKey.secret.env];
          if (!value) throw new Error(`host key "${hostKey.kid}": environment variable ${hostKey.secret.env} is not set`);
          material = Buffer.from(value, 'base64url');
        } else {
          material = ensureDevelopmentSecret(options.dataDir, hostKey.kid);
        }
        if (material.byteLength < HOST_SECRET_BYTES)
          throw new Error(`host key "${hostKey.kid}": an HS256 secret needs at least ${HOST_SECRET_BYTES} bytes`);
        // Imported once, not per token; non-extractable, so the secret bytes cannot leave it.
        material = await crypto.subtle.importKey('raw', new Uint8Array(material), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      } else {
        material = (await importJWK(hostKey.publicKey as JWK, hostKey.alg)) as CryptoKey;
      }
      keys.set(hostKey.kid, {
        kid: hostKey.kid,
        alg: hostKey.alg,
        key: material,
        owner: { kind: 'tenant', tenantId: tenant.id },
        issuer: tenant.issuer,
      });
    }
  }
  const { apiKeys, apiIssuer } = options;
  return {
    get(kid, now) {
      const hostKey = keys.get(kid);
      if (hostKey) return hostKey;
      const apiKey = apiKeys.verifying(kid, now);
      return apiKey && { kid, alg: apiKey.alg, key: apiKey.publicKey, owner: { kind: 'api' }, issuer: apiIssuer };
    },
    jwks: (now) => apiKeys.jwks(now),
  };
}
