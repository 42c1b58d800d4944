/**
 * @kineo/node: the server-side SDK for host applications of Kineo Embed. Two ways to give a
 * logged-in user an embed token:
 * - `createEmbedToken`: ask the Kineo API for one with the tenant's API key;
 * - `signEmbedToken`: sign one locally with a key registered for the tenant.
 * @module
 */
export { createEmbedToken } from './create-embed-token.js';
export { signEmbedToken } from './sign-embed-token.js';
export { KineoApiError, KineoError, KineoOptionsError, KineoUnreachableError } from './errors.js';
export {
  DEFAULT_AUDIENCE,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOKEN_TTL_SECONDS,
  EMBED_TOKEN_TYPE,
  MAX_TOKEN_LIFETIME_SECONDS,
  MIN_TOKEN_TTL_SECONDS,
} from './constants.js';
export { MIN_HMAC_SECRET_BYTES } from './signing-key.js';
export type {
  CreateEmbedTokenOptions,
  DateRangeValue,
  EmbedTokenClaims,
  EmbedTokenGrant,
  EmbedTokenRequest,
  EmbedTokenResponse,
  ErrorBody,
  ErrorCode,
  ErrorDetails,
  ErrorIssue,
  FilterValue,
  FilterValues,
  HmacSigningKey,
  KineoApiErrorCode,
  KineoClientOptions,
  KineoErrorDetails,
  KineoOptionsIssue,
  Permission,
  PrivateSigningKey,
  Role,
  SignEmbedTokenOptions,
  SigningKey,
} from './types.js';
