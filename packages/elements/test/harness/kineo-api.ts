// The browser side of the e2e harness: where the real Kineo API runs and how to get embed tokens
// for it, from the test runner's own `/__kineo/*` routes (kineo-server-plugin.mjs).
import type { FilterValues, Permission, Role } from '@kineo/core';

/** The running API, as the harness reports it. */
export interface HarnessConfig {
  /** Base URL of the Kineo API, e.g. `http://127.0.0.1:41234` (another origin than the page). */
  api: string;
  tenants: string[];
  /** The tenants whose `allowedOrigins` hold this test page's origin (the others' tokens are refused here). */
  pageOriginTenants: string[];
}

/** The claims of a token to mint (see `kineo token`). */
export interface TokenRequest {
  tenant: string;
  role: Role;
  sub?: string;
  orgs?: string[];
  dashboards?: string[];
  filters?: FilterValues;
  permissions?: Permission[];
  /** Lifetime in seconds (1..900); 600 when not given. */
  ttlSeconds?: number;
  /** `signature`: the same token with a broken signature, which the API refuses with 401. */
  tamper?: 'signature';
}

let config: Promise<HarnessConfig> | undefined;

/** Where the API runs. Starts it on first use (seeding the demo data the first time ever). */
export function harnessConfig(): Promise<HarnessConfig> {
  config ??= harnessRequest<HarnessConfig>('GET', '/__kineo/config');
  return config;
}

/** A fresh embed token signed with the tenant's development host key. */
export async function mintToken(request: TokenRequest): Promise<string> {
  const { token } = await harnessRequest<{ token: string }>('POST', '/__kineo/token', request);
  return token;
}

/**
 * A `tokenProvider` that mints a new token per call from `next(callNumber)` (1-based) and counts
 * its calls: how tests see how often the elements refreshed.
 */
export function countingTokenProvider(next: (call: number) => TokenRequest): { provider: () => Promise<string>; calls(): number } {
  let calls = 0;
  return {
    provider: () => mintToken(next(++calls)),
    calls: () => calls,
  };
}

async function harnessRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    cache: 'no-store',
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!response.ok) throw new Error(`test harness ${method} ${path}: HTTP ${response.status}: ${json?.error?.message ?? 'no message'}`);
  return json as T;
}

/**
 * An organisation one level below the tenant's root, from the `org` filter's options as the
 * tenant's admin sees them: what a manager token is scoped to.
 */
export async function departmentOf(api: string, tenant: string): Promise<string> {
  const token = await mintToken({ tenant, role: 'admin' });
  const response = await apiFetch(api, '/v1/dashboards/learning-progress/filters/org/options', token);
  if (!response.ok) throw new Error(`org options: HTTP ${response.status}`);
  const body = (await response.json()) as { options?: { value: string; depth?: number }[] };
  const department = body.options?.find((option) => option.depth === 1);
  if (!department) throw new Error(`tenant ${tenant} has no organisation below its root`);
  return department.value;
}

/** Plain `fetch` to the API with a bearer token, the way a host page without the client would. */
export function apiFetch(api: string, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return fetch(new URL(path, api), { ...init, headers, credentials: 'omit', mode: 'cors' });
}

/** Waits until `condition()` returns something truthy (polled every `intervalMs`) and returns it, or fails naming `what`. */
export async function waitFor<T>(condition: () => T | undefined | null | false, what: string, timeoutMs = 10_000, intervalMs = 20): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits `ms` of real time (token lifetimes are real: the API checks them on its own clock). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
