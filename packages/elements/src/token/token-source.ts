import { EmbedTokenResponse } from '@kineo/core';
import { TokenSourceError } from '../errors.js';
import { parseErrorBody, readJson } from '../error-body.js';

/** What a `tokenProvider` may resolve to: a bare token, or the host token endpoint's answer. */
export type TokenProviderResult = string | { token: string; expiresAt?: string | Date };

/**
 * A host callback that returns a fresh embed token each time it is called (for example by
 * calling the host's own API). Called once per refresh, never concurrently by one manager.
 */
export type TokenProvider = () => Promise<TokenProviderResult> | TokenProviderResult;

/**
 * The three ways a page gives embed tokens, mirroring the elements' `token` property,
 * `tokenProvider` property and `token-url` attribute:
 * - `{ token }`: a fixed token; the host replaces it (a new source) when it expires;
 * - `{ tokenProvider }`: a callback asked for a fresh token at every refresh;
 * - `{ tokenUrl }`: a same-origin host endpoint answering `{ token, expiresAt }` (`EmbedTokenResponse`),
 *   authenticated by the host's session cookie.
 */
export type TokenSource = { token: string } | { tokenProvider: TokenProvider } | { tokenUrl: string };

/** A token as a source gave it. `expiresAt` (epoch ms, issuer's clock) when the source said. */
export interface IssuedToken {
  token: string;
  expiresAt: number | undefined;
}

/** Options of `fetchToken` and `fetchTokenFromUrl`. */
export interface FetchTokenOptions {
  /** `fetch` to use for a token URL; defaults to the global one. */
  fetch?: typeof fetch;
  /** Give up on a token URL that has not answered after this many milliseconds. Default 30 000. */
  timeoutMs?: number;
}

/** Default time a token URL has to answer. */
export const TOKEN_URL_TIMEOUT_MS = 30_000;

/** Printable ASCII without spaces: what a JWT is, and what can travel in an HTTP header. */
const TOKEN_SHAPE = /^[\x21-\x7e]+$/;

/**
 * Gets one token from `source`. Rejects with a `TokenSourceError` when the source answers with
 * something that is not a token; a provider's own error is passed through unchanged.
 */
export async function fetchToken(source: TokenSource, options: FetchTokenOptions = {}): Promise<IssuedToken> {
  if ('tokenUrl' in source) return fetchTokenFromUrl(source.tokenUrl, options);
  if ('tokenProvider' in source) return issuedFromProvider(await source.tokenProvider());
  return { token: checkedToken(source.token, 'the `token` property'), expiresAt: undefined };
}

/**
 * Fetches `{ token, expiresAt }` from the host's token URL: same origin, the host's session
 * cookie included (`credentials: 'same-origin'`), never from the HTTP cache (`no-store`).
 *
 * Errors (`TokenSourceError`): `network` when there is no answer (or none within `timeoutMs`),
 * `status` for a non-2xx answer (with the answer's `{ error: { code, message } }` when it has that
 * shape), `invalid_response` when a 2xx answer is not an `EmbedTokenResponse`.
 */
export async function fetchTokenFromUrl(url: string, options: FetchTokenOptions = {}): Promise<IssuedToken> {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? TOKEN_URL_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
    const detail = timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached';
    throw new TokenSourceError('network', `The token URL ${url} ${detail}`, { cause });
  }
  const status = response.status;
  const body = await readJson(response).catch(() => undefined);
  if (!response.ok) {
    const error = parseErrorBody(body);
    const message = error?.message ?? `The token URL ${url} answered HTTP ${status}`;
    throw new TokenSourceError('status', message, error ? { status, code: error.code } : { status });
  }
  const parsed = EmbedTokenResponse.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(body)'))].join(', ');
    throw new TokenSourceError(
      'invalid_response',
      `The token URL ${url} did not answer { token, expiresAt } (bad: ${body === undefined ? 'not JSON' : fields})`,
      { status },
    );
  }
  return { token: checkedToken(parsed.data.token, `the token URL ${url}`, status), expiresAt: Date.parse(parsed.data.expiresAt) };
}

function issuedFromProvider(result: unknown): IssuedToken {
  if (typeof result === 'string') return { token: checkedToken(result, 'the tokenProvider'), expiresAt: undefined };
  if (typeof result === 'object' && result !== null && 'token' in result) {
    const { token, expiresAt } = result as { token: unknown; expiresAt?: unknown };
    return { token: checkedToken(token, 'the tokenProvider'), expiresAt: expiryOf(expiresAt) };
  }
  throw new TokenSourceError('invalid_response', 'The tokenProvider returned neither a token string nor { token, expiresAt }');
}

function expiryOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time))
    throw new TokenSourceError('invalid_response', 'The tokenProvider returned an expiresAt that is not an ISO-8601 date');
  return time;
}

/** The token itself when it can travel in an `Authorization` header; never echoed in errors. */
function checkedToken(token: unknown, from: string, status?: number): string {
  if (typeof token === 'string' && TOKEN_SHAPE.test(token)) return token;
  const init = status === undefined ? {} : { status };
  throw new TokenSourceError('invalid_response', `The token from ${from} is empty or has characters a token cannot have`, init);
}

/** The token source an element's attributes and properties name: `token` over `tokenProvider` over `token-url`. */
export function tokenSourceOf(options: { token?: string | undefined; tokenProvider?: TokenProvider | undefined; tokenUrl?: string | undefined }): TokenSource | undefined {
  if (options.token) return { token: options.token };
  if (options.tokenProvider) return { tokenProvider: options.tokenProvider };
  if (options.tokenUrl) return { tokenUrl: options.tokenUrl };
  return undefined;
}

/** Whether two token sources are the same source (a different one needs `setTokenSource`). */
export function sameTokenSource(a: TokenSource, b: TokenSource | undefined): boolean {
  if (!b) return false;
  if ('token' in a) return 'token' in b && a.token === b.token;
  if ('tokenProvider' in a) return 'tokenProvider' in b && a.tokenProvider === b.tokenProvider;
  return 'tokenUrl' in b && a.tokenUrl === b.tokenUrl;
}
