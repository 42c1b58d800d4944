import type { ThriftMethod } from './warehouse-log.js';

interface FaultScope {
  /** Only requests for this TCLIService method (default: every method). */
  method?: ThriftMethod;
  /** How many times it fires before it is spent (default: until cleared). */
  times?: number;
}

/** A fault the warehouse injects; several may be active, the first matching one of each kind fires. */
export type WarehouseFault =
  /** Answers later by `ms`. */
  | ({ kind: 'latency'; ms: number } & FaultScope)
  /** Destroys the socket without an answer: before the call runs, or `afterProcessing` (the call ran, its answer is lost). */
  | ({ kind: 'drop-connection'; afterProcessing?: boolean } & FaultScope)
  /** Answers with an HTTP error status (e.g. 503 with `Retry-After`, 429) instead of running the call. */
  | ({ kind: 'http-status'; status: number; retryAfterSeconds?: number } & FaultScope)
  /** Answers the call with a Thrift `ERROR_STATUS` status carrying `message`. */
  | ({ kind: 'thrift-error'; method: ThriftMethod; message?: string; sqlState?: string; times?: number })
  /** Never answers the request (until the warehouse closes). */
  | ({ kind: 'hang-request' } & FaultScope)
  /** A statement (optionally only one whose SQL contains `sqlIncludes`) stays RUNNING until cancelled or timed out. */
  | { kind: 'hang-statement'; sqlIncludes?: string; times?: number };

export type FaultKind = WarehouseFault['kind'];

export interface ActiveFault<F extends WarehouseFault = WarehouseFault> {
  readonly fault: F;
  /** How often it has fired so far. */
  readonly fired: number;
  remove(): void;
}

/** The faults in force, settable and clearable while the warehouse runs. */
export class WarehouseFaults {
  readonly #active: { fault: WarehouseFault; fired: number; left: number }[] = [];

  add<F extends WarehouseFault>(fault: F): ActiveFault<F> {
    const entry = { fault, fired: 0, left: fault.times ?? Number.POSITIVE_INFINITY };
    this.#active.push(entry);
    const active = this.#active;
    return {
      fault,
      get fired() {
        return entry.fired;
      },
      remove() {
        const index = active.indexOf(entry);
        if (index >= 0) active.splice(index, 1);
      },
    };
  }

  clear(): void {
    this.#active.length = 0;
  }

  /** The first fault of `kind` that matches and has firings left, counted as fired. */
  take<K extends FaultKind>(kind: K, matches: (fault: Extract<WarehouseFault, { kind: K }>) => boolean): Extract<WarehouseFault, { kind: K }> | undefined {
    const entry = this.#active.find(
      (e) => e.fault.kind === kind && e.left > 0 && matches(e.fault as Extract<WarehouseFault, { kind: K }>),
    );
    if (!entry) return undefined;
    entry.left--;
    entry.fired++;
    return entry.fault as Extract<WarehouseFault, { kind: K }>;
  }

  /** `take` for the kinds scoped by method. */
  takeFor<K extends Exclude<FaultKind, 'hang-statement'>>(kind: K, method: string): Extract<WarehouseFault, { kind: K }> | undefined {
    return this.take(kind, (fault) => !('method' in fault) || fault.method === undefined || fault.method === method);
  }
}
