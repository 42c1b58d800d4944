/** The first automatic retry after a failure that may pass (no token, no network). */
export const FIRST_RETRY_MS = 5_000;
/** Retries slow down to at most one a minute. */
export const MAX_RETRY_MS = 60_000;

/** The wait before retry number `attempt` (0-based): 5 s, 10 s, 20 s, 40 s, then every 60 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt), MAX_RETRY_MS);
}
