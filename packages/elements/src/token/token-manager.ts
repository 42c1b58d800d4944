import { TokenUnavailableError } from '../errors.js';
import { planTokenLifetime, type TokenLifetime } from './token-lifetime.js';
import { fetchToken, type TokenSource } from './token-source.js';

/** Time and timers the manager uses; tests inject a fake one. */
export interface TokenClock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock: `Date.now`, `setTimeout`, `clearTimeout`. */
export const systemClock: TokenClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Options of `TokenManager`. */
export interface TokenManagerOptions {
  /** Where tokens come from: `{ token }`, `{ tokenProvider }` or `{ tokenUrl }`. */
  source: TokenSource;
  /** `fetch` for a token URL; defaults to the global one. */
  fetch?: typeof fetch;
  /** Give up on a token URL that has not answered after this many milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Clock and timers; defaults to `systemClock`. */
  clock?: TokenClock;
  /**
   * Refresh on a timer when the refresh is due, even when nobody asks for a token. Off by
   * default: an idle page then asks the host for no token at all, and the first request after a
   * long pause waits for one refresh. `dispose()` cancels the timer.
   */
  refreshAhead?: boolean;
}

/** What `onRefresh` listeners receive. Never the token itself, so it is safe to pass to a host. */
export interface TokenRefreshDetail {
  /** When the new token expires (browser clock), or `null` when that is unknown. */
  expiresAt: Date | null;
}

/** A background refresh that failed is retried after at most this long (while the token is still valid). */
export const REFRESH_RETRY_MS = 5_000;

interface CurrentToken {
  token: string;
  lifetime: TokenLifetime;
  /** Set by `invalidate`: the API refused it; the next `getToken()` refreshes. */
  refused: boolean;
}

/**
 * Holds one embed token **in memory only** (never in storage, cookies or URLs) and hands out a
 * valid one.
 *
 * - `getToken()` returns the current token while it is fresh. Once its refresh is due (see
 *   `planTokenLifetime`: 80 % of the lifetime or 30 s before expiry) it still returns it at once
 *   and refreshes in the background; once it has expired, or the API refused it, callers wait for
 *   the refresh.
 * - Single flight: every caller during a refresh shares that one refresh.
 * - `invalidate(token)` after a 401: only the current token can be refused, so N requests that
 *   all got a 401 for the same token cause one refresh, and a late 401 for a token already
 *   replaced changes nothing.
 * - A failed refresh rejects its callers with `TokenUnavailableError` and notifies `onError`
 *   listeners; the next `getToken()` asks the source again (there is no failed state).
 *
 * One manager serves every element on a page that uses the same API and token source: see
 * `sharedTokenManager`.
 */
export class TokenManager {
  readonly #source: TokenSource;
  readonly #fetch: typeof fetch | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #clock: TokenClock;
  readonly #refreshAhead: boolean;
  readonly #refreshListeners = new Set<(detail: TokenRefreshDetail) => void>();
  readonly #errorListeners = new Set<(error: TokenUnavailableError) => void>();
  #current: CurrentToken | undefined;
  #refreshing: Promise<string> | undefined;
  /** No background refresh before this time (after one failed). */
  #retryAfter = 0;
  #timer: unknown;
  #disposed = false;

  /** @param options The token source, and optionally `fetch`, a clock and the refresh timer. */
  constructor(options: TokenManagerOptions) {
    this.#source = options.source;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs;
    this.#clock = options.clock ?? systemClock;
    this.#refreshAhead = options.refreshAhead ?? false;
  }

  /**
   * A token the API should accept. Rejects with `TokenUnavailableError` when the source fails
   * and there is no unexpired token to fall back on, or after `dispose()`.
   */
  getToken(): Promise<string> {
    if (this.#disposed) return Promise.reject(disposedError());
    const current = this.#current;
    const now = this.#clock.now();
    if (current && !current.refused && !isExpired(current.lifetime, now)) {
      if (isDue(current.lifetime, now) && !this.#refreshing && now >= this.#retryAfter) this.#refreshInBackground();
      return Promise.resolve(current.token);
    }
    return this.#refreshing ?? this.#refresh();
  }

  /**
   * Reports that the API refused `token` (HTTP 401). When it is the current token, the next
   * `getToken()` refreshes; when it has already been replaced (or is unknown), nothing happens.
   */
  invalidate(token: string): void {
    if (this.#current && this.#current.token === token) this.#current.refused = true;
  }

  /**
   * Calls `listener` after each successful refresh (the first token included).
   * @returns A function that removes the listener.
   */
  onRefresh(listener: (detail: TokenRefreshDetail) => void): () => void {
    this.#refreshListeners.add(listener);
    return () => this.#refreshListeners.delete(listener);
  }

  /**
   * Calls `listener` after each failed refresh, in the background or not.
   * @returns A function that removes the listener.
   */
  onError(listener: (error: TokenUnavailableError) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /**
   * Forgets the token, cancels the refresh timer and removes every listener. Later and pending
   * `getToken()` calls reject with `TokenUnavailableError` (`reason: 'disposed'`).
   */
  dispose(): void {
    this.#disposed = true;
    this.#cancelTimer();
    this.#current = undefined;
    this.#refreshing = undefined;
    this.#refreshListeners.clear();
    this.#errorListeners.clear();
  }

  /** Whether `dispose()` was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  #refreshInBackground(): void {
    // Its failure reaches `onError` listeners; callers still hold the unexpired token.
    this.#refresh().catch(() => {});
  }

  /** Starts the one refresh everybody shares until it settles. */
  #refresh(): Promise<string> {
    const refreshing = this.#fetchAndStore().finally(() => {
      if (this.#refreshing === refreshing) this.#refreshing = undefined;
    });
    this.#refreshing = refreshing;
    return refreshing;
  }

  async #fetchAndStore(): Promise<string> {
    const options = { ...(this.#fetch && { fetch: this.#fetch }), ...(this.#timeoutMs !== undefined && { timeoutMs: this.#timeoutMs }) };
    let issued;
    try {
      issued = await fetchToken(this.#source, options);
    } catch (cause) {
      if (this.#disposed) throw disposedError();
      const error = new TokenUnavailableError('source', `No embed token: ${messageOf(cause)}`, cause);
      this.#backOff();
      this.#emit(this.#errorListeners, error);
      throw error;
    }
    if (this.#disposed) throw disposedError();
    const current = this.#current;
    if (current && current.token === issued.token) {
      // The same token again (a fixed `token`, or a host that caches its tokens): its lifetime
      // stands, and the source is not asked again in the background for a while.
      current.refused = false;
      this.#backOff();
      return issued.token;
    }
    const lifetime = planTokenLifetime(issued.token, issued.expiresAt, this.#clock.now());
    this.#current = { token: issued.token, lifetime, refused: false };
    this.#retryAfter = 0;
    this.#schedule(lifetime.refreshAt);
    this.#emit(this.#refreshListeners, { expiresAt: lifetime.expiresAt === undefined ? null : new Date(lifetime.expiresAt) });
    return issued.token;
  }

  /** After a failed or fruitless refresh, background refreshes wait (half the time left, at most 5 s). */
  #backOff(): void {
    const now = this.#clock.now();
    const lifetime = this.#current?.lifetime;
    const left = lifetime?.expiresAt === undefined ? REFRESH_RETRY_MS * 2 : Math.max(0, lifetime.expiresAt - now);
    this.#retryAfter = now + Math.min(REFRESH_RETRY_MS, left / 2);
    // The timer retries only while a token is in use; without one, the next getToken() asks.
    if (lifetime?.refreshAt !== undefined && !isExpired(lifetime, now)) this.#schedule(this.#retryAfter);
    else this.#cancelTimer();
  }

  /** With `refreshAhead`, refreshes at `at` (only in the future: a stale token never loops). */
  #schedule(at: number | undefined): void {
    this.#cancelTimer();
    if (!this.#refreshAhead || at === undefined || at <= this.#clock.now()) return;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        if (!this.#disposed && !this.#refreshing) this.#refreshInBackground();
      },
      Math.max(0, at - this.#clock.now()),
    );
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A broken listener must not break the token flow; report it like an uncaught error.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

function isExpired(lifetime: TokenLifetime, now: number): boolean {
  return lifetime.expiresAt !== undefined && now >= lifetime.expiresAt;
}

function isDue(lifetime: TokenLifetime, now: number): boolean {
  return lifetime.refreshAt !== undefined && now >= lifetime.refreshAt;
}

function disposedError(): TokenUnavailableError {
  return new TokenUnavailableError('disposed', 'No embed token: the token manager was disposed');
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : 'the token source failed';
}
