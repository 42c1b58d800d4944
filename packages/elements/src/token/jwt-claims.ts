/** The time claims of a JWT, in seconds since the epoch, when present and numeric. */
export interface JwtTimes {
  iat: number | undefined;
  exp: number | undefined;
}

/**
 * Reads `iat` and `exp` from a JWT's payload **without verifying it**: the browser only uses them
 * to plan a refresh; the API verifies every token. Returns `undefined` for anything that is not a
 * JWS compact serialisation with a JSON object payload (an opaque token).
 */
export function readJwtTimes(token: string): JwtTimes | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1]));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const { iat, exp } = payload as Record<string, unknown>;
  return { iat: finite(iat), exp: finite(exp) };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** base64url (no padding) → UTF-8 text; throws on characters outside the alphabet. */
function decodeBase64Url(segment: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new SyntaxError('not base64url');
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
