import { exportJWK, generateKeyPair } from 'jose';
import type { ApiSigningKey } from '../auth/api-signing-keys.js';

/** A fresh in-memory API signing key, for tests that need one without a data folder. */
export async function testSigningKey(kid = `kineo-test-${crypto.randomUUID()}`, createdAt = new Date()): Promise<ApiSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { kid, alg: 'EdDSA', privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }, createdAt };
}
