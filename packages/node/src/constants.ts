import * as core from '@kineo/core';

/** JOSE `typ` header of every embed token. */
export const EMBED_TOKEN_TYPE = core.EMBED_TOKEN_TYPE;
/** Lifetime of an embed token when `ttl` is not given, in seconds (600). */
export const DEFAULT_TOKEN_TTL_SECONDS: number = core.DEFAULT_TOKEN_TTL_SECONDS;
/** Shortest `ttl` allowed, in seconds (30). */
export const MIN_TOKEN_TTL_SECONDS: number = core.MIN_TOKEN_TTL_SECONDS;
/** Longest `ttl` allowed, in seconds (900). */
export const MAX_TOKEN_LIFETIME_SECONDS: number = core.MAX_TOKEN_LIFETIME_SECONDS;
/** The `aud` the Kineo API expects unless configured otherwise. */
export const DEFAULT_AUDIENCE = 'kineo-embed';
/** How long `createEmbedToken` waits for the API by default, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;
