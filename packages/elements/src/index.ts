/**
 * @kineo/elements: the browser side of Kineo Embed. This first piece has no DOM: the embed-token
 * lifecycle (held in memory only, refreshed before expiry and once on a 401, shared by every
 * element on the page) and the typed API client the lit elements will use.
 * @module
 */
export { KineoApiClient } from './api/api-client.js';
export type { KineoApiClientOptions, KineoRequestOptions } from './api/api-client.js';
export { TokenManager, systemClock, REFRESH_RETRY_MS } from './token/token-manager.js';
export type { TokenClock, TokenManagerOptions, TokenRefreshDetail } from './token/token-manager.js';
export { sharedTokenManager, releaseSharedTokenManager, tokenManagerKey } from './token/shared-token-manager.js';
export { fetchToken, fetchTokenFromUrl, TOKEN_URL_TIMEOUT_MS } from './token/token-source.js';
export type { FetchTokenOptions, IssuedToken, TokenProvider, TokenProviderResult, TokenSource } from './token/token-source.js';
export { planTokenLifetime, REFRESH_AT_FRACTION, REFRESH_MARGIN_MS, MIN_USE_FRACTION } from './token/token-lifetime.js';
export type { TokenLifetime } from './token/token-lifetime.js';
export { readJwtTimes } from './token/jwt-claims.js';
export type { JwtTimes } from './token/jwt-claims.js';
export { KineoApiError, KineoError, TokenSourceError, TokenUnavailableError } from './errors.js';
export type { KineoApiErrorCode, TokenSourceFailure } from './errors.js';
