import type { JWK } from 'jose';
import { MAX_TOKEN_LIFETIME_SECONDS } from '@kineo/core';

/** How long a replaced signing key keeps verifying: every token it signed has expired by then. */
export const SIGNING_KEY_OVERLAP_SECONDS = MAX_TOKEN_LIFETIME_SECONDS + 30;

export interface ApiSigningKey {
  kid: string;
  alg: 'EdDSA';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Published at `/.well-known/jwks.json` while the key verifies. */
  publicJwk: JWK;
  createdAt: Date;
  /** Set when a newer key replaced this one: it verifies until then, and signs nothing. */
  retiresAt?: Date;
}

/**
 * The API's own signing keys at a moment in time: the newest key signs; a key a rotation
 * replaced still verifies (and stays in the JWKS) until it retires, so tokens it signed keep
 * working until they expire; after that it is gone.
 */
export interface ApiSigningKeys {
  signing(now: Date): ApiSigningKey;
  verifying(kid: string, now: Date): ApiSigningKey | undefined;
  jwks(now: Date): JWK[];
}

const live = (key: ApiSigningKey, now: Date) => !key.retiresAt || now < key.retiresAt;

/** A fixed set of keys (the newest last) seen through the rules above. */
export function apiSigningKeySet(keys: readonly ApiSigningKey[]): ApiSigningKeys {
  if (keys.length === 0) throw new Error('the API needs at least one signing key');
  return {
    signing(now) {
      const current = keys.filter((key) => !key.retiresAt);
      const key = current.at(-1);
      if (!key || !live(key, now)) throw new Error('no current signing key');
      return key;
    },
    verifying(kid, now) {
      const key = keys.find((k) => k.kid === kid);
      return key && live(key, now) ? key : undefined;
    },
    jwks(now) {
      return keys.filter((key) => live(key, now)).map((key) => key.publicJwk);
    },
  };
}
