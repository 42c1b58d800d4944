// The public types of @kineo/node. They are written out here, not re-exported from @kineo/core, so
// that the emitted declarations (dist/index.d.ts) stand alone: @kineo/core is bundled into
// dist/index.js and is not a dependency of the published package. The checks at the bottom fail
// the type-check as soon as one of them stops matching its @kineo/core counterpart.
import type { JWK } from 'jose';
import type * as core from '@kineo/core';

/** A user's role in an embed token; it decides which rows the dashboards show. */
export type Role = 'admin' | 'manager' | 'analyst' | 'learner';

/** Extra rights a token may carry. */
export type Permission = 'export';

/** Value of a date-range filter: ISO dates, `YYYY-MM-DD`, both ends optional. */
export interface DateRangeValue {
  from?: string;
  to?: string;
}

/** A filter's value: a date range, the values of a multi-select, or the value of a select. */
export type FilterValue = DateRangeValue | string[] | string;

/** Filter values keyed by filter id; `null` clears a filter. In a token they are locked. */
export type FilterValues = Record<string, FilterValue | null>;

/**
 * What a host grants one of its users: the fields of `POST /v1/embed-tokens` (and of a locally
 * signed token). Asking for more than the tenant has is refused, never narrowed.
 */
export interface EmbedTokenRequest {
  /** The tenant; with an API key it defaults to (and must be) the key's tenant. */
  tenant?: string;
  /** The user's id in the host (1-128 of letters, digits and `_ . : @ -`). */
  sub: string;
  /** The user's role. */
  role: Role;
  /** Organisations the user sees (with their descendants); required for managers. */
  orgs?: string[];
  /** Narrows the tenant's dashboards to these; absent: all of them. */
  dashboards?: string[];
  /** Locked filter values, by filter id. */
  filters?: FilterValues;
  /** Extra rights, e.g. `['export']`. */
  permissions?: Permission[];
  /** Token lifetime in seconds, 30..900; default 600. */
  ttl?: number;
}

/** A grant signed locally with `signEmbedToken`: the request fields, with `tenant` required. */
export interface EmbedTokenGrant extends EmbedTokenRequest {
  tenant: string;
}

/** Answer of `POST /v1/embed-tokens`. */
export interface EmbedTokenResponse {
  /** The embed token (a JWT) for the browser. */
  token: string;
  /** When it expires, ISO-8601 UTC. */
  expiresAt: string;
}

/** The claims of an embed token, as the Kineo API verifies them. */
export interface EmbedTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  iat: number;
  exp: number;
  nbf?: number;
  jti?: string;
  tenant: string;
  role: Role;
  orgs?: string[];
  dashboards?: string[];
  filters?: FilterValues;
  permissions?: Permission[];
}

/** Error codes of the Kineo API's error body. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'row_cap_exceeded'
  | 'query_timeout'
  | 'unavailable'
  | 'internal';

/** One problem with one field, located by its dotted path (`filters.period.from`). */
export interface ErrorIssue {
  path: string;
  message: string;
}

/** The Kineo API's one error shape. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails };
}

/** Details of an API error: the refused fields, the request id to quote to support, … */
export interface ErrorDetails {
  issues?: ErrorIssue[];
  requestId?: string;
  maxRows?: number;
}

/** `details` of a `KineoApiError`: the API's details, plus anything a newer API adds. */
export interface KineoErrorDetails extends ErrorDetails {
  [key: string]: unknown;
}

/**
 * `code` of a `KineoApiError`: one of the API's codes, `invalid_response` when the answer was not
 * usable (not an embed token, a redirect), or a code added by a newer API.
 */
export type KineoApiErrorCode = ErrorCode | 'invalid_response' | (string & {});

/** One problem found in the options given to `createEmbedToken` or `signEmbedToken`. */
export interface KineoOptionsIssue {
  /** Dotted path of the field: `ttl`, `orgs`, `filters.period`, `apiKey`, `key.secret`, `options.issuer`. */
  path: string;
  /** What is wrong with it. Never contains the value of a key or secret. */
  message: string;
}

/** How `createEmbedToken` reaches the Kineo API. */
export interface KineoClientOptions {
  /** Base URL of the Kineo API, `http:` or `https:` (e.g. `https://kineo.example.com`). */
  apiUrl: string;
  /** The tenant API key, `kin_<id>_<secret>`. Server-side only: never send it to a browser. */
  apiKey: string;
  /** A `fetch` to use instead of the global one (for proxies, tests, instrumentation). */
  fetch?: typeof fetch;
  /** How long to wait for the complete answer, in milliseconds; default 10000. */
  timeoutMs?: number;
}

/** Options of `createEmbedToken`: where the API is and the grant to ask for. */
export type CreateEmbedTokenOptions = KineoClientOptions & EmbedTokenRequest;

/** An HS256 key registered for the tenant: the shared secret, at least 32 bytes. */
export interface HmacSigningKey {
  /** The key id registered in the tenant's `hostKeys`. */
  kid: string;
  alg: 'HS256';
  /** The secret: base64url text (as `kineo` generates it) or the raw bytes. */
  secret: string | Uint8Array;
}

/** An asymmetric key whose public half is registered for the tenant. */
export interface PrivateSigningKey {
  /** The key id registered in the tenant's `hostKeys`. */
  kid: string;
  alg: 'EdDSA' | 'ES256';
  /** The private key: a CryptoKey, a private JWK (with `d`), or PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`). */
  privateKey: CryptoKey | JWK | string;
}

/** A key `signEmbedToken` signs with. */
export type SigningKey = HmacSigningKey | PrivateSigningKey;

/** Options of `signEmbedToken`. */
export interface SignEmbedTokenOptions {
  /** `iss`: the issuer registered for the tenant (e.g. `https://lms.acme.example`). */
  issuer: string;
  /** `aud`: the audience the Kineo API expects; default `kineo-embed`. */
  audience?: string;
  /** The time to issue the token at; default now. */
  now?: Date;
  /** `jti`: the token's id (1-128 characters), e.g. to find it in an audit log; default a random UUID. */
  jti?: string;
}

// ---------------------------------------------------------------------------------------------
// Compile-time checks that the types above match @kineo/core's (mutual assignability).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
// Not exported: checked by the compiler, absent from the declarations.
type _CoreTypeChecks = [
  Check<Same<Role, core.Role>>,
  Check<Same<Permission, core.Permission>>,
  Check<Same<DateRangeValue, core.DateRangeValue>>,
  Check<Same<FilterValue, core.FilterValue>>,
  Check<Same<FilterValues, core.FilterValues>>,
  Check<Same<EmbedTokenRequest, core.EmbedTokenRequest>>,
  Check<Same<EmbedTokenResponse, core.EmbedTokenResponse>>,
  Check<Same<EmbedTokenClaims, core.EmbedTokenClaims>>,
  Check<Same<ErrorCode, core.ErrorCode>>,
  Check<Same<ErrorIssue, core.ErrorIssue>>,
  Check<Same<ErrorDetails, core.ErrorDetails>>,
  Check<Same<ErrorBody, core.ErrorBody>>,
];
