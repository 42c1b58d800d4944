// Test doubles for the browser tests of @kineo/elements: a fake clock with timers, a fake `fetch`
// that records every request, promises settled by hand, fake JWTs and tiny assertions.
// Not exported from the package.
import type { TokenClock } from '../token/token-manager.js';

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Deep equality of JSON-shaped values (key order aside), with both sides in the message on failure. */
export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = canonicalJson(actual);
  const e = canonicalJson(expected);
  if (a !== e) throw new Error(`${what}:\n  expected ${e}\n  actual   ${a}`);
}

/** JSON with object keys sorted, so key order does not matter. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The error `promise` rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    const value = await promise;
    throw new Error(`${what} should reject, but resolved to ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${what} should reject`)) throw error;
    return error;
  }
}

/** Lets every pending promise callback (and fetch fake) run: one real macrotask. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A clock that moves only when told to; timers fire in order as it passes them. */
export class FakeClock implements TokenClock {
  time: number;
  #nextId = 1;
  #timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = Date.UTC(2026, 0, 15, 9, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers scheduled and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** A promise settled from outside. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** One request the fake `fetch` received. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  cache: RequestCache | undefined;
  mode: RequestMode | undefined;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type FetchHandler = (request: RecordedRequest) => Response | Promise<Response>;

/**
 * A `fetch` that records each request and answers with `handler`. Like the real one, it rejects
 * with the signal's reason when the signal aborts before the answer.
 */
export function fakeFetch(handler: FetchHandler): { fetch: typeof fetch; calls: RecordedRequest[] } {
  const calls: RecordedRequest[] = [];
  const fetchImpl = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      credentials: init.credentials,
      cache: init.cache,
      mode: init.mode,
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    calls.push(request);
    const signal = request.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(() => handler(request))
        .then(resolve, reject)
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
  };
  return { fetch: fetchImpl as typeof fetch, calls };
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unsigned JWT-shaped token (the browser never verifies; the API does). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const header = base64Url(JSON.stringify({ alg: 'HS256', typ: 'kineo-embed+jwt', kid: 'test' }));
  return `${header}.${base64Url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

/**
 * A token source for tests: each call returns a new JWT living `ttlSeconds` from the clock's
 * now (its `sub` numbered), or fails while `failing` is set. `calls` counts the calls.
 */
export class FakeIssuer {
  calls = 0;
  failing: Error | undefined;
  /** When set, each call waits for this promise before answering. */
  gate: Promise<void> | undefined;
  readonly issued: { token: string; exp: number }[] = [];

  constructor(
    readonly clock: FakeClock,
    readonly ttlSeconds = 600,
  ) {}

  readonly provider = async (): Promise<string> => {
    this.calls += 1;
    const n = this.calls;
    if (this.gate) await this.gate;
    if (this.failing) throw this.failing;
    const iat = Math.floor(this.clock.now() / 1000);
    const token = fakeJwt({ sub: `user-${n}`, tenant: 'acme', role: 'admin', iat, exp: iat + this.ttlSeconds });
    this.issued.push({ token, exp: (iat + this.ttlSeconds) * 1000 });
    return token;
  };

  /** The most recent token issued. */
  get last(): string {
    const last = this.issued.at(-1);
    assert(last, 'a token was issued');
    return last.token;
  }
}
