import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { EMBED_TOKEN_TYPE, type EmbedTokenClaims } from '@kineo/core';

/** The claims a signer chooses; `iss`, `aud`, `iat`, `exp` and `jti` are filled in. */
export type EmbedTokenGrant = Omit<EmbedTokenClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'nbf' | 'jti'>;

export type SigningKey =
  | { kid: string; alg: 'HS256'; secret: Uint8Array }
  | { kid: string; alg: 'EdDSA' | 'ES256' | 'RS256'; privateKey: CryptoKey };

export interface SignOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  now?: Date;
  /** Token id; a random UUID when not given. */
  jti?: string;
}

/** Signs an embed token (JWT, `typ: kineo-embed+jwt`, `kid` in the header). */
export async function signEmbedToken(grant: EmbedTokenGrant, key: SigningKey, options: SignOptions): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ ...grant })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: EMBED_TOKEN_TYPE })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSeconds)
    .setJti(options.jti ?? randomUUID())
    .sign(key.alg === 'HS256' ? key.secret : key.privateKey);
}
