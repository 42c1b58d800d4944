import type { VegaLogger } from 'vega-view';
import { KineoError } from '../errors.js';

/** A chart spec that Vega cannot parse or draw with these rows. */
export class ChartRenderError extends KineoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartRenderError';
  }
}

const WARN = 2;

export interface ChartLogger extends VegaLogger {
  /** Throws (once) what Vega reported as an error since the last call. */
  throwIfFailed(): void;
}

/**
 * Vega's logger for one chart. Vega reports failures inside a dataflow run (an expression that
 * throws, a renderer error) by logging them and carrying on; this logger keeps the first so that
 * the run's caller can fail instead (`throwIfFailed`). Warnings (a data set that could not load)
 * go to the console, prefixed. A closure, not a class: Vega calls these methods with the view as
 * `this`.
 */
export function chartLogger(): ChartLogger {
  let level = WARN;
  let failure: unknown;
  const logger: ChartLogger = {
    level: ((next?: number) => {
      if (next === undefined) return level;
      level = next;
      return logger;
    }) as VegaLogger['level'],
    error(...args: unknown[]) {
      failure ??= args[0];
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= WARN) console.warn('[kineo chart]', ...args);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
    throwIfFailed() {
      if (failure === undefined) return;
      const reported = failure;
      failure = undefined;
      const message = reported instanceof Error ? reported.message : String(reported);
      throw new ChartRenderError(`The chart could not be drawn: ${message}`, { cause: reported });
    },
  };
  return logger;
}
