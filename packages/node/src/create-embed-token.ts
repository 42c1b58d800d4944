import { z } from 'zod';
import { EmbedTokenRequest, EmbedTokenResponse as EmbedTokenResponseSchema, errorCodeOfStatus } from '@kineo/core';
import { DEFAULT_TIMEOUT_MS } from './constants.js';
import { KineoApiError, KineoOptionsError, KineoUnreachableError } from './errors.js';
import { isObject, issuesOf } from './issues.js';
import type {
  CreateEmbedTokenOptions,
  EmbedTokenResponse,
  KineoApiErrorCode,
  KineoErrorDetails,
  KineoOptionsIssue,
} from './types.js';

/** Path of the token-minting endpoint, resolved against `apiUrl`. */
const EMBED_TOKENS_PATH = '/v1/embed-tokens';
/** Longest timeout `AbortSignal.timeout` takes (a 32-bit signed number of milliseconds). */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** `kin_` and printable ASCII without spaces: anything else could not travel in a header. */
const API_KEY_SHAPE = /^kin_[\x21-\x7e]+$/;

/** The API's error shape, read leniently: a code unknown to this version is still a code. */
const LenientErrorBody = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Codes for answers whose body is not the API's error shape (e.g. from a proxy). */
function codeOfStatus(status: number): KineoApiErrorCode {
  return errorCodeOfStatus(status) ?? 'invalid_response';
}

/**
 * Asks the Kineo API for an embed token for one of the host's users (`POST /v1/embed-tokens`,
 * authenticated with the tenant's API key). Call it on the host's server, for the logged-in user,
 * and hand only `{ token, expiresAt }` to the browser.
 *
 * The grant is validated before anything is sent. Errors:
 * - `KineoOptionsError`: bad options (each bad field by path); nothing was sent.
 * - `KineoUnreachableError`: DNS failure, connection refused, timeout (`timeoutMs`, default 10 s).
 * - `KineoApiError`: the API refused (400 bad grant, 401 wrong or revoked key, 403 grant beyond the
 *   tenant's configuration), with the API's `status`, `code`, `message` and `details`.
 *
 * The API key travels only in the `Authorization` header; no error message contains it.
 *
 * @example
 * const { token, expiresAt } = await createEmbedToken({
 *   apiUrl: process.env.KINEO_API_URL!, apiKey: process.env.KINEO_API_KEY!,
 *   sub: user.id, role: 'manager', orgs: [user.orgId],
 * });
 */
export async function createEmbedToken(options: CreateEmbedTokenOptions): Promise<EmbedTokenResponse> {
  if (!isObject(options)) throw new KineoOptionsError([{ path: '', message: 'expected an options object' }]);
  const { apiUrl, apiKey, fetch: fetchImpl = globalThis.fetch, timeoutMs = DEFAULT_TIMEOUT_MS, ...request } = options;

  const issues: KineoOptionsIssue[] = [];
  const endpoint = endpointOf(apiUrl, issues);
  if (typeof apiKey !== 'string' || !API_KEY_SHAPE.test(apiKey))
    issues.push({ path: 'apiKey', message: 'must be a Kineo API key: "kin_" followed by printable characters, no spaces' });
  if (typeof fetchImpl !== 'function') issues.push({ path: 'fetch', message: 'must be a fetch function' });
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)
    issues.push({ path: 'timeoutMs', message: `must be a whole number of milliseconds, 1..${MAX_TIMEOUT_MS}` });
  const parsed = EmbedTokenRequest.safeParse(request);
  if (!parsed.success) issues.push(...issuesOf(parsed.error));
  if (issues.length > 0 || !endpoint) throw new KineoOptionsError(issues);

  const redact = (text: string) => text.split(apiKey).join('[redacted]');
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let body: string;
  try {
    const response = await fetchImpl(endpoint.href, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      // The fields as given (validated above); the API applies the defaults.
      body: JSON.stringify(request),
      signal,
      // A redirect is reported, not followed: the key must go only where apiUrl says.
      redirect: 'manual',
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    throw unreachable(endpoint, error, signal, timeoutMs, redact);
  }

  if (status >= 200 && status < 300) {
    const answer = EmbedTokenResponseSchema.safeParse(parseJson(body));
    if (answer.success) return { token: answer.data.token, expiresAt: answer.data.expiresAt };
    throw new KineoApiError(status, 'invalid_response', `The Kineo API at ${endpoint.host} answered ${status} without an embed token.`);
  }
  if ((status >= 300 && status < 400) || status === 0)
    throw new KineoApiError(
      status,
      'invalid_response',
      `The Kineo API at ${endpoint.host} answered with a redirect (${status}); set apiUrl to the address it redirects to.`,
    );
  const error = LenientErrorBody.safeParse(parseJson(body));
  if (error.success) {
    const { code, message, details } = error.data.error;
    throw new KineoApiError(status, code, redact(message), details as KineoErrorDetails | undefined);
  }
  throw new KineoApiError(status, codeOfStatus(status), `The Kineo API at ${endpoint.host} answered ${status}.`);
}

/** The endpoint for `apiUrl`, or undefined with an issue when it is not an http(s) URL. */
function endpointOf(apiUrl: unknown, issues: KineoOptionsIssue[]): URL | undefined {
  const base = typeof apiUrl === 'string' && URL.canParse(apiUrl) ? new URL(apiUrl) : undefined;
  if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
    issues.push({ path: 'apiUrl', message: 'must be an http: or https: URL, e.g. "https://kineo.example.com"' });
    return undefined;
  }
  if (base.username || base.password) {
    issues.push({ path: 'apiUrl', message: 'must not contain credentials; pass the key as apiKey' });
    return undefined;
  }
  return new URL(EMBED_TOKENS_PATH, base);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Network-level codes (Node's and undici's) with a readable explanation. */
const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'no answer in time',
};

/** The first error `code` in an error's cause chain (and inside an AggregateError). */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (!isObject(error) && !(error instanceof Error)) return undefined;
  if (depth > 5) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const nested = [(error as { cause?: unknown }).cause, ...((error as { errors?: unknown }).errors as unknown[] | undefined ?? [])];
  for (const inner of nested) {
    const code = errorCode(inner, depth + 1);
    if (code) return code;
  }
  return undefined;
}

/** The message of the deepest `cause` (e.g. fetch's "bad port"), if short; the outer one is just "fetch failed". */
function innermostMessage(error: unknown): string | undefined {
  let inner = error;
  for (let depth = 0; depth < 5 && inner instanceof Error && inner.cause !== undefined; depth++) inner = inner.cause;
  if (inner === error || !(inner instanceof Error)) return undefined;
  return inner.message.length > 0 && inner.message.length <= 120 ? inner.message : undefined;
}

function unreachable(
  endpoint: URL,
  error: unknown,
  signal: AbortSignal,
  timeoutMs: number,
  redact: (text: string) => string,
): KineoUnreachableError {
  if (signal.aborted || (error instanceof Error && error.name === 'TimeoutError'))
    return new KineoUnreachableError(endpoint.host, 'timeout', `no complete answer within ${timeoutMs} ms`, { cause: error });
  const code = errorCode(error);
  const tls = code && /CERT|SSL|TLS/.test(code);
  const cause = innermostMessage(error);
  const detail = code
    ? `${networkReasons[code] ?? (tls ? 'TLS failure' : 'network error')} (${code})`
    : `network error${cause ? ` (${cause})` : ''}`;
  return new KineoUnreachableError(endpoint.host, 'network', redact(detail), { cause: error });
}
