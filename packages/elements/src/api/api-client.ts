import {
  errorCodeOfStatus,
  CatalogId,
  DashboardDataResponse,
  DashboardDefinition,
  DashboardList,
  FilterOptionsResponse,
  QueryResult,
  ViewerResponse,
  type DashboardDataRequest,
  type ErrorDetails,
  type ExportFormat,
  type ExportRequest,
  type QueryRequest,
} from '@kineo/core';
import { KineoApiError, type KineoApiErrorCode } from '../errors.js';
import { parseErrorBody } from '../error-body.js';
import { abortable } from '../abortable.js';
import type { TokenManager } from '../token/token-manager.js';

/** Options of `KineoApiClient`. */
export interface KineoApiClientOptions {
  /** Base URL of the Kineo API, e.g. `https://analytics.example.com` (a path prefix is kept). */
  api: string;
  /** Where embed tokens come from; usually the page's shared manager. */
  tokens: TokenManager;
  /** `fetch` to use; defaults to the global one. */
  fetch?: typeof fetch;
}

/** Per-call options. */
export interface KineoRequestOptions {
  /** Aborts the call (e.g. when a newer filter state supersedes it); it then rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** What a response schema must offer: zod's `safeParse` (the schemas of `@kineo/core`). */
interface ResponseSchema<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

type Method = 'GET' | 'POST';

/** A file the API sent (an export), read into memory. */
export interface ExportedFile {
  blob: Blob;
  /** From the answer's `Content-Disposition`, else `<dashboard>-<panel>.<format>`; never contains a path. */
  filename: string;
}

/** What an export answer may be, by format; `application/json` for an error body. */
const exportMediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A typed client of the Kineo API for the browser.
 *
 * Every call gets a token from the `TokenManager` and sends it only in the `Authorization: Bearer`
 * header (never in the URL), with `credentials: 'omit'` (the API needs no cookies, so no
 * third-party cookies are sent or set). On a 401 it reports the token to the manager
 * (`invalidate`) and retries exactly once with the token the manager gives next; a second 401
 * rejects. Success bodies are validated with the `@kineo/core` schemas.
 *
 * Calls reject with:
 * - `KineoApiError`: the API's error (`status`, `code`, `message`, `details`), `invalid_response`
 *   for a body that is not what the API sends, `network` (status 0) when there was no answer
 *   (cross-origin, its message also names the page's origin, which the API may not allow, and it
 *   is logged once with `console.error`),
 *   `bad_request` (status 0, nothing sent) for a dashboard or filter id that is not a slug;
 * - `TokenUnavailableError`: no token could be had from the token source;
 * - `signal.reason` (an `AbortError` `DOMException` by default) once the call's signal aborts.
 */
export class KineoApiClient {
  /** The API base URL, normalised to end with `/`. */
  readonly api: string;
  /** The token manager every call draws from. */
  readonly tokens: TokenManager;
  readonly #fetch: typeof fetch;

  /** @param options The API base URL, the token manager, optionally `fetch`. */
  constructor(options: KineoApiClientOptions) {
    this.api = baseUrlOf(options.api);
    this.tokens = options.tokens;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** `GET /v1/dashboards`: the dashboards this token may open. */
  async dashboards(options?: KineoRequestOptions): Promise<DashboardList> {
    return this.#request('GET', 'v1/dashboards', DashboardList, undefined, options);
  }

  /** `GET /v1/dashboards/:id`: one dashboard's filters and panels. */
  async dashboard(id: string, options?: KineoRequestOptions): Promise<DashboardDefinition> {
    return this.#request('GET', `v1/dashboards/${segment(id, 'dashboard')}`, DashboardDefinition, undefined, options);
  }

  /**
   * `POST /v1/dashboards/:id/data`: every panel's data in one round trip. Panels that fail on their
   * own come back under `errors`; bad filters reject the whole call (400).
   */
  async dashboardData(id: string, request: DashboardDataRequest = {}, options?: KineoRequestOptions): Promise<DashboardDataResponse> {
    return this.#request('POST', `v1/dashboards/${segment(id, 'dashboard')}/data`, DashboardDataResponse, request, options);
  }

  /** `POST /v1/query`: one panel's data (at a drill level, a page of a table). */
  async query(request: QueryRequest, options?: KineoRequestOptions): Promise<QueryResult> {
    return this.#request('POST', 'v1/query', QueryResult, request, options);
  }

  /** `GET /v1/dashboards/:id/filters/:filter/options`: a filter's choices, under the token's row scope. */
  async filterOptions(dashboardId: string, filterId: string, options?: KineoRequestOptions): Promise<FilterOptionsResponse> {
    const path = `v1/dashboards/${segment(dashboardId, 'dashboard')}/filters/${segment(filterId, 'filter')}/options`;
    return this.#request('GET', path, FilterOptionsResponse, undefined, options);
  }

  /** `GET /v1/viewer`: who the token speaks for, their permissions and the tenant's theme. */
  async viewer(options?: KineoRequestOptions): Promise<ViewerResponse> {
    return this.#request('GET', 'v1/viewer', ViewerResponse, undefined, options);
  }

  /**
   * `POST /v1/dashboards/:id/panels/:panel/export`: a panel's rows at a drill level, under filters,
   * as a CSV or XLSX file. Needs the `export` permission (else a 403 `KineoApiError`). The token
   * travels in the header like every call, so the file is fetched here and handed back as a Blob
   * (a download link with the token in its URL is exactly what must never exist).
   */
  async exportPanel(dashboardId: string, panelId: string, request: ExportRequest, options?: KineoRequestOptions): Promise<ExportedFile> {
    const path = `v1/dashboards/${segment(dashboardId, 'dashboard')}/panels/${segment(panelId, 'panel')}/export`;
    const accept = `${exportMediaTypes[request.format]}, application/json;q=0.5`;
    const response = await this.#exchange('POST', path, request, accept, options?.signal);
    if (!response.ok) return readResponse(response, neverValid, options?.signal);
    let blob: Blob;
    try {
      blob = await response.blob();
    } catch (cause) {
      options?.signal?.throwIfAborted();
      throw new KineoApiError(response.status, 'network', 'The Kineo API answer was cut off', undefined, { cause });
    }
    options?.signal?.throwIfAborted();
    const filename = filenameOfContentDisposition(response.headers.get('content-disposition')) ?? `${dashboardId}-${panelId}.${request.format}`;
    return { blob, filename };
  }

  async #request<T>(method: Method, path: string, schema: ResponseSchema<T>, body: unknown, options?: KineoRequestOptions): Promise<T> {
    const response = await this.#exchange(method, path, body, 'application/json', options?.signal);
    return readResponse(response, schema, options?.signal);
  }

  /** Sends one call with a token, and once more with a fresh token after a 401. */
  async #exchange(method: Method, path: string, body: unknown, accept: string, signal: AbortSignal | undefined): Promise<Response> {
    signal?.throwIfAborted();
    const url = new URL(path, this.api).href;
    const payload = body === undefined ? undefined : JSON.stringify(body);

    let token = await abortable(this.tokens.getToken(), signal);
    let response = await this.#send(method, url, token, payload, accept, signal);
    if (response.status === 401) {
      // Refused: maybe expired early or revoked. One refresh (shared with every other call that
      // got a 401 for this token), then one retry.
      await discard(response);
      this.tokens.invalidate(token);
      token = await abortable(this.tokens.getToken(), signal);
      response = await this.#send(method, url, token, payload, accept, signal);
      // Refused again: no more retries, but the next call starts with a fresh token.
      if (response.status === 401) this.tokens.invalidate(token);
    }
    return response;
  }

  async #send(method: Method, url: string, token: string, payload: string | undefined, accept: string, signal: AbortSignal | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept, authorization: `Bearer ${token}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.#fetch(url, {
        method,
        headers,
        ...(payload !== undefined && { body: payload }),
        credentials: 'omit',
        mode: 'cors',
        ...(signal && { signal }),
      });
    } catch (cause) {
      signal?.throwIfAborted();
      throw unreachable(this.api, cause);
    }
  }
}

/** `API origin + page origin` pairs already explained in the console: once each per page. */
const explainedInConsole = new Set<string>();

/**
 * The error for a call that got no answer. Cross-origin, the browser gives the same bare
 * `TypeError` whether the API is down or refused this page's origin (its preflight answer had no
 * CORS headers), so the message names both, and the fix for the second. That case is also
 * explained once in the console, where a developer looks first.
 */
function unreachable(api: string, cause: unknown): KineoApiError {
  const apiOrigin = new URL(api).origin;
  const pageOrigin = globalThis.location?.origin;
  if (pageOrigin === undefined || pageOrigin === apiOrigin)
    return new KineoApiError(0, 'network', `The Kineo API at ${apiOrigin} could not be reached.`, undefined, { cause });
  const message =
    `The Kineo API at ${apiOrigin} could not be reached from this page, or it does not allow this page's origin (${pageOrigin}). ` +
    `If the API is running, add this origin to the tenant's allowedOrigins.`;
  const pair = `${apiOrigin} ${pageOrigin}`;
  if (!explainedInConsole.has(pair)) {
    explainedInConsole.add(pair);
    console.error(`Kineo: ${message}`);
  }
  return new KineoApiError(0, 'network', message, undefined, { cause });
}

/**
 * One path segment from a catalog id. Ids are lower-case slugs (`CatalogId`), so anything else
 * (`..`, `a/b`) is refused before a request exists; encoding is the second line of defence.
 */
function segment(id: string, what: string): string {
  if (!CatalogId.safeParse(id).success)
    throw new KineoApiError(0, 'bad_request', `${JSON.stringify(id)} is not a valid ${what} id`, {
      issues: [{ path: what, message: 'must be a lower-case slug (a-z, 0-9, "-", "_"), starting with a letter' }],
    });
  return encodeURIComponent(id);
}

/** Validates the API base URL and makes it end with `/`, so relative paths keep its prefix. */
function baseUrlOf(api: string): string {
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    throw new TypeError(`The Kineo API URL must be an absolute http(s) URL, got ${JSON.stringify(api)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`The Kineo API URL must be an absolute http(s) URL, got ${JSON.stringify(api)}`);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** The validated body of a 2xx answer, or the `KineoApiError` of any other. */
async function readResponse<T>(response: Response, schema: ResponseSchema<T>, signal: AbortSignal | undefined): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    signal?.throwIfAborted();
    throw new KineoApiError(response.status, 'network', 'The Kineo API answer was cut off', undefined, { cause });
  }
  signal?.throwIfAborted();
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text);
  } catch {
    isJson = false;
  }

  if (!response.ok) {
    const error = isJson ? parseErrorBody(json) : undefined;
    const details = withRequestId(error?.details, requestId);
    throw new KineoApiError(response.status, error?.code ?? codeOfStatus(response.status), error?.message ?? `The Kineo API answered HTTP ${response.status}`, details);
  }
  if (!isJson) throw new KineoApiError(response.status, 'invalid_response', 'The Kineo API answered with a body that is not JSON', withRequestId(undefined, requestId));
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    throw new KineoApiError(response.status, 'invalid_response', 'The Kineo API answered with an unexpected body', withRequestId({ issues }, requestId));
  }
  return parsed.data;
}

function withRequestId(details: ErrorDetails | undefined, requestId: string | undefined): ErrorDetails | undefined {
  if (requestId === undefined || details?.requestId !== undefined) return details;
  return { ...details, requestId };
}

/** For reading an error answer only: no success body is valid. */
const neverValid: ResponseSchema<never> = {
  safeParse: () => ({ success: false, error: { issues: [{ path: [], message: 'not a JSON answer' }] } }),
};

/**
 * The file name of a `Content-Disposition` header (RFC 6266): `filename*=UTF-8''…` wins over
 * `filename="…"`. Only the last path component is kept and control characters are dropped, so a
 * hostile name cannot point a download elsewhere. `undefined` when there is no usable name.
 */
export function filenameOfContentDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  let extended: string | undefined;
  let plain: string | undefined;
  const parameter = /;\s*(filename\*?)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/gi;
  for (const match of header.matchAll(parameter)) {
    const name = match[1]!.toLowerCase();
    const raw = match[2]!.trim();
    if (name === 'filename*') {
      const encoded = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(raw);
      if (!encoded || encoded[1]!.toLowerCase() !== 'utf-8') continue;
      try {
        extended = decodeURIComponent(encoded[2]!);
      } catch {
        continue;
      }
    } else {
      plain = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    }
  }
  const name = (extended ?? plain)?.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name && name !== '.' && name !== '..' ? name : undefined;
}

/** Codes for answers whose body is not the API's error shape (e.g. from a proxy). */
function codeOfStatus(status: number): KineoApiErrorCode {
  return errorCodeOfStatus(status) ?? 'invalid_response';
}

/** Frees a response body we will not read (so the connection can be reused). */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free.
  }
}
