import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';

const StoredKey = z.object({
  kid: z.string(),
  alg: z.literal('EdDSA'),
  createdAt: z.string(),
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
});
const StoredKeys = z.object({ keys: z.array(StoredKey).min(1) });

export interface ApiSigningKey {
  kid: string;
  alg: 'EdDSA';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Published at `/.well-known/jwks.json`. */
  publicJwk: JWK;
}

export function apiSigningKeysFile(dataDir: string): string {
  return join(dataDir, 'keys', 'api-signing-keys.json');
}

/**
 * The API's own EdDSA signing keys (it signs tokens minted through `POST /v1/embed-tokens`),
 * generated into the data folder on first run. The newest key is last.
 */
export async function loadApiSigningKeys(dataDir: string): Promise<ApiSigningKey[]> {
  const file = apiSigningKeysFile(dataDir);
  if (!existsSync(file)) {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const kid = `kineo-${randomUUID()}`;
    const stored = {
      keys: [
        {
          kid,
          alg: 'EdDSA' as const,
          createdAt: new Date().toISOString(),
          privateJwk: await exportJWK(privateKey),
          publicJwk: await exportJWK(publicKey),
        },
      ],
    };
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  }
  const { keys } = StoredKeys.parse(JSON.parse(readFileSync(file, 'utf8')));
  return Promise.all(
    keys.map(async (stored) => {
      const publicJwk = { ...(stored.publicJwk as JWK), kid: stored.kid, alg: 'EdDSA', use: 'sig' };
      return {
        kid: stored.kid,
        alg: 'EdDSA' as const,
        privateKey: (await importJWK(stored.privateJwk as JWK, 'EdDSA')) as CryptoKey,
        publicKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey,
        publicJwk,
      };
    }),
  );
}
