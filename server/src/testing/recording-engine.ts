import type { EngineResult, QueryEngine, RunOptions, SqlParams } from '../engines/engine.js';

export interface RecordedRun {
  namespace: string;
  sql: string;
  params: SqlParams;
}

/** Wraps an engine and records every statement it is asked to run, so tests can count and inspect them. */
export class RecordingEngine implements QueryEngine {
  readonly runs: RecordedRun[] = [];

  constructor(private readonly inner: QueryEngine) {}

  get kind(): string {
    return this.inner.kind;
  }

  run(namespace: string, sql: string, params: SqlParams, options: RunOptions): Promise<EngineResult> {
    this.runs.push({ namespace, sql, params });
    return this.inner.run(namespace, sql, params, options);
  }

  ping(namespace: string): Promise<void> {
    return this.inner.ping(namespace);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  reset(): void {
    this.runs.length = 0;
  }
}
