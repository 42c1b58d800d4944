import type { RunOptions } from '../engine.js';
import { DatabricksEngineError } from './databricks-engine-error.js';

export type StopReason = 'timeout' | 'cancelled';

/**
 * The life of one `run()` call: its deadline and its caller's abort signal, merged into one
 * signal whose reason is the `EngineError` the caller gets. Everything the run waits on (a free
 * session, a poll delay, a driver call) is raced against it, so the caller is answered the moment
 * the run stops, while clean-up (cancel, close) carries on in the background.
 */
export class StatementRun {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort = () => this.#stop('cancelled');
  readonly #deadline: number;

  constructor(options: Pick<RunOptions, 'signal' | 'timeoutMs'>) {
    this.#deadline = performance.now() + options.timeoutMs;
    this.#timer = setTimeout(() => this.#stop('timeout'), options.timeoutMs);
    this.#caller = options.signal;
    if (this.#caller?.aborted) this.#stop('cancelled');
    else this.#caller?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  /** Aborts when the run stops; its reason is the error to report. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get stopReason(): StopReason | undefined {
    const reason: unknown = this.#controller.signal.reason;
    return reason instanceof DatabricksEngineError ? (reason.code as StopReason) : undefined;
  }

  remainingMs(): number {
    return Math.max(0, this.#deadline - performance.now());
  }

  throwIfStopped(): void {
    if (this.#controller.signal.aborted) throw this.#controller.signal.reason;
  }

  /** Calls `action` once when the run stops (at once if it already has). Returns an unsubscribe. */
  onStop(action: () => void): () => void {
    if (this.#controller.signal.aborted) {
      action();
      return () => {};
    }
    this.#controller.signal.addEventListener('abort', action, { once: true });
    return () => this.#controller.signal.removeEventListener('abort', action);
  }

  /** Settles with `work`, or rejects with the stop error as soon as the run stops. */
  race<T>(work: Promise<T>): Promise<T> {
    work.catch(() => {}); // the run may have stopped first; its outcome is then nobody's business
    return new Promise<T>((resolve, reject) => {
      const unsubscribe = this.onStop(() => reject(this.#controller.signal.reason));
      work.then(
        (value) => {
          unsubscribe();
          resolve(value);
        },
        (error: unknown) => {
          unsubscribe();
          reject(error);
        },
      );
    });
  }

  /** Waits `ms`, or less if the run stops first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        unsubscribe();
        resolve();
      }, ms);
      const unsubscribe = this.onStop(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }

  #stop(reason: StopReason): void {
    if (this.#controller.signal.aborted) return;
    clearTimeout(this.#timer);
    this.#controller.abort(
      reason === 'timeout'
        ? new DatabricksEngineError('timeout', 'the query took too long', 'RUN_TIMEOUT')
        : new DatabricksEngineError('cancelled', 'the query was cancelled', 'RUN_CANCELLED'),
    );
  }
}
