import type { FilterOptionsResponse } from '@kineo/core';
import { abortable } from '../abortable.js';

/**
 * Filter options for a session, one load per filter and token subject: the lists are scoped by the
 * token's row scope, so another subject must never see a cached list. Concurrent callers share
 * one request; a caller that aborts leaves it running for the others; a failed load is forgotten
 * so the next call asks again.
 */
export class FilterOptionsCache {
  readonly #entries = new Map<string, Promise<FilterOptionsResponse>>();

  /**
   * The options of `filterId` for `subject`, from the cache or from `load`.
   * @param load Fetches the options; gets no caller's signal, only the cache's lifetime.
   */
  get(subject: string, filterId: string, load: () => Promise<FilterOptionsResponse>, signal?: AbortSignal): Promise<FilterOptionsResponse> {
    const key = `${subject}\u0000${filterId}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = load();
      this.#entries.set(key, entry);
      entry.catch(() => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      });
    }
    return abortable(entry, signal);
  }

  /** Forgets every list (on `refresh()`, or when the token source changes). */
  clear(): void {
    this.#entries.clear();
  }
}
