import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabricksEngineError } from './databricks-engine-error.js';
import { StatementRun } from './statement-run.js';

const isStop = (code: string) => (error: unknown) => error instanceof DatabricksEngineError && error.code === code;

describe('statement run', () => {
  test('the deadline stops the run with a timeout, and waiting work is answered at once', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const run = new StatementRun({ timeoutMs: 1_000 });
    let stopped = 0;
    run.onStop(() => stopped++);
    const never = new Promise<never>(() => {});
    const raced = run.race(never);
    t.mock.timers.tick(999);
    assert.equal(run.stopReason, undefined);
    t.mock.timers.tick(1);
    await assert.rejects(raced, isStop('timeout'));
    assert.equal(run.stopReason, 'timeout');
    assert.equal(stopped, 1);
    assert.throws(() => run.throwIfStopped(), isStop('timeout'));
    run.dispose();
  });

  test("the caller's abort stops the run as cancelled; an already aborted signal stops it at once", async () => {
    const caller = new AbortController();
    const run = new StatementRun({ timeoutMs: 60_000, signal: caller.signal });
    const sleeping = run.sleep(60_000);
    caller.abort();
    await sleeping;
    assert.equal(run.stopReason, 'cancelled');
    run.dispose();

    const late = new StatementRun({ timeoutMs: 60_000, signal: AbortSignal.abort() });
    let called = false;
    late.onStop(() => (called = true));
    assert.ok(called, 'onStop on a stopped run acts immediately');
    await assert.rejects(late.race(Promise.resolve(1)), isStop('cancelled'));
    late.dispose();
  });

  test('work that fails after the run stopped raises no unhandled rejection; finished work wins', async () => {
    const caller = new AbortController();
    const run = new StatementRun({ timeoutMs: 60_000, signal: caller.signal });
    let fail!: (error: Error) => void;
    const work = new Promise<number>((_, reject) => (fail = reject));
    const raced = run.race(work);
    caller.abort();
    await assert.rejects(raced, isStop('cancelled'));
    fail(new Error('late driver failure'));
    await new Promise((resolve) => setImmediate(resolve));
    run.dispose();

    const quick = new StatementRun({ timeoutMs: 60_000 });
    assert.equal(await quick.race(Promise.resolve(7)), 7);
    assert.ok(quick.remainingMs() > 0);
    quick.dispose();
  });
});
