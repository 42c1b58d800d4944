import { readJwtTimes } from './jwt-claims.js';

/** Refresh once this fraction of a token's lifetime has passed… */
export const REFRESH_AT_FRACTION = 0.8;
/** …or this long before it expires, whichever comes first… */
export const REFRESH_MARGIN_MS = 30_000;
/** …but never before this fraction of its lifetime has passed (so 5-second tokens still get used). */
export const MIN_USE_FRACTION = 0.5;

/** When a token, received at `receivedAt`, expires and when it should be refreshed (browser clock, ms). */
export interface TokenLifetime {
  receivedAt: number;
  /** `undefined`: unknown (an opaque token without `expiresAt`); only a 401 replaces it. */
  expiresAt: number | undefined;
  /** From this moment on, `getToken()` refreshes it in the background. */
  refreshAt: number | undefined;
}

/**
 * Plans a token's life on the browser's clock.
 *
 * The lifetime is measured on the issuer's clock, `exp − iat` of the JWT, and counted from the
 * moment the browser received the token: a browser clock minutes off neither makes every token
 * look expired (a refresh storm) nor keeps an expired one in use. Only a token without both
 * claims falls back to an absolute expiry (`expiresAt` from the source, else the JWT's `exp`).
 *
 * The refresh is due at 80 % of the lifetime or 30 s before expiry, whichever is earlier, but
 * not before half the lifetime has passed: 10 min → at 8 min, 60 s → at 30 s, 5 s → at 2.5 s.
 */
export function planTokenLifetime(token: string, sourceExpiresAt: number | undefined, receivedAt: number): TokenLifetime {
  const times = readJwtTimes(token);
  let expiresAt: number | undefined;
  if (times?.iat !== undefined && times.exp !== undefined) expiresAt = receivedAt + (times.exp - times.iat) * 1000;
  else if (sourceExpiresAt !== undefined) expiresAt = sourceExpiresAt;
  else if (times?.exp !== undefined) expiresAt = times.exp * 1000;
  if (expiresAt === undefined) return { receivedAt, expiresAt: undefined, refreshAt: undefined };

  const lifetime = expiresAt - receivedAt;
  if (lifetime <= 0) return { receivedAt, expiresAt, refreshAt: receivedAt };
  const preferred = Math.min(receivedAt + lifetime * REFRESH_AT_FRACTION, expiresAt - REFRESH_MARGIN_MS);
  return { receivedAt, expiresAt, refreshAt: Math.max(preferred, receivedAt + lifetime * MIN_USE_FRACTION) };
}
