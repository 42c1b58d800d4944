import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabricksEngineError } from './databricks-engine-error.js';
import { SessionPool, type SessionLease } from './session-pool.js';

interface FakeSession {
  id: number;
  namespace: string;
}

/** A pool over fake sessions whose opening can be held back or made to fail. */
function fakePool(options: { max?: number; idleMs?: number } = {}) {
  let next = 1;
  const opened: FakeSession[] = [];
  const closed: FakeSession[] = [];
  const failures: Error[] = [];
  let gate: Promise<void> = Promise.resolve();
  const pool = new SessionPool<FakeSession>({
    open: async (namespace) => {
      await gate;
      const failure = failures.shift();
      if (failure) throw failure;
      const session = { id: next++, namespace };
      opened.push(session);
      return session;
    },
    close: async (session) => {
      closed.push(session);
    },
    maxPerNamespace: options.max ?? 2,
    idleMs: options.idleMs ?? 60_000,
  });
  return {
    pool,
    opened,
    closed,
    failNextOpen: (error: Error) => failures.push(error),
    holdOpens() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('session pool', () => {
  test('reuses a released session instead of opening another', async () => {
    const { pool, opened } = fakePool();
    const first = await pool.acquire('acme.gold');
    first.release();
    const second = await pool.acquire('acme.gold');
    assert.equal(second.session, first.session);
    assert.equal(opened.length, 1);
    second.release();
  });

  test('never hands a session to another namespace', async () => {
    const { pool } = fakePool();
    const acme = await pool.acquire('kineo_acme.gold');
    acme.release();
    const techcorp = await pool.acquire('kineo_techcorp.gold');
    assert.equal(techcorp.session.namespace, 'kineo_techcorp.gold');
    assert.notEqual(techcorp.session, acme.session);
    techcorp.release();
  });

  test('opens at most the limit per namespace; later callers wait in order', async () => {
    const { pool, opened } = fakePool({ max: 2 });
    const a = await pool.acquire('acme.gold');
    const b = await pool.acquire('acme.gold');
    const order: string[] = [];
    const c = pool.acquire('acme.gold').then((lease) => (order.push('c'), lease));
    const d = pool.acquire('acme.gold').then((lease) => (order.push('d'), lease));
    await settle();
    assert.equal(opened.length, 2);
    assert.deepEqual(order, []);
    a.release();
    const leaseC = await c;
    assert.equal(leaseC.session, a.session);
    b.release();
    const leaseD = await d;
    assert.deepEqual(order, ['c', 'd']);
    assert.equal(opened.length, 2);
    assert.equal(pool.sizeOf('acme.gold'), 2);
    leaseC.release();
    leaseD.release();
  });

  test('a waiting caller may give up; the session goes to the next one', async () => {
    const { pool } = fakePool({ max: 1 });
    const held = await pool.acquire('acme.gold');
    const controller = new AbortController();
    const quitter = pool.acquire('acme.gold', controller.signal);
    const patient = pool.acquire('acme.gold');
    controller.abort(new DatabricksEngineError('timeout', 'the query took too long'));
    await assert.rejects(quitter, (error: unknown) => error instanceof DatabricksEngineError && error.code === 'timeout');
    held.release();
    assert.equal((await patient).session, held.session);
  });

  test('a discarded session is closed and replaced for the next caller', async () => {
    const { pool, opened, closed } = fakePool({ max: 1 });
    const broken = await pool.acquire('acme.gold');
    const waiting = pool.acquire('acme.gold');
    broken.discard();
    const fresh = await waiting;
    assert.notEqual(fresh.session, broken.session);
    assert.deepEqual(closed, [broken.session]);
    assert.equal(opened.length, 2);
    assert.equal(pool.sizeOf('acme.gold'), 1);
    fresh.release();
  });

  test('release and discard count once, whatever is called after', async () => {
    const { pool } = fakePool({ max: 1 });
    const lease = await pool.acquire('acme.gold');
    lease.release();
    lease.discard();
    lease.release();
    assert.equal(pool.sizeOf('acme.gold'), 1);
    assert.equal(pool.idleCount('acme.gold'), 1);
  });

  test('a failed open rejects a caller and frees its place', async () => {
    const { pool, failNextOpen } = fakePool({ max: 1 });
    failNextOpen(new Error('connect ECONNREFUSED'));
    await assert.rejects(pool.acquire('acme.gold'), /ECONNREFUSED/);
    assert.equal(pool.sizeOf('acme.gold'), 0);
    const lease = await pool.acquire('acme.gold');
    lease.release();
  });

  test('an open finishing after its caller gave up leaves an idle session for later', async () => {
    const { pool, opened, holdOpens } = fakePool({ max: 1 });
    const letOpen = holdOpens();
    const controller = new AbortController();
    const gaveUp = pool.acquire('acme.gold', controller.signal);
    controller.abort(new DatabricksEngineError('cancelled', 'the query was cancelled'));
    await assert.rejects(gaveUp);
    letOpen();
    await settle();
    assert.equal(pool.idleCount('acme.gold'), 1);
    const lease = await pool.acquire('acme.gold');
    assert.equal(opened.length, 1);
    lease.release();
  });

  test('idle sessions are closed after the idle time, and not before', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { pool, closed } = fakePool({ idleMs: 60_000 });
    const lease = await pool.acquire('acme.gold');
    lease.release();
    t.mock.timers.tick(59_999);
    assert.deepEqual(closed, []);
    t.mock.timers.tick(1);
    await settle();
    assert.deepEqual(closed, [lease.session]);
    assert.equal(pool.sizeOf('acme.gold'), 0);
  });

  test('close() closes idle sessions, refuses waiters and new callers, and closes busy ones on return', async () => {
    const { pool, closed } = fakePool({ max: 1 });
    const busy = await pool.acquire('acme.gold');
    const other = await pool.acquire('techcorp.gold');
    other.release();
    const waiter = pool.acquire('acme.gold');
    await pool.close();
    await assert.rejects(waiter, (error: unknown) => error instanceof DatabricksEngineError && error.detail === 'ENGINE_CLOSED');
    await assert.rejects(pool.acquire('acme.gold'), (error: unknown) => error instanceof DatabricksEngineError);
    assert.deepEqual(closed, [other.session]);
    busy.release();
    await settle();
    assert.deepEqual(closed, [other.session, busy.session]);
  });

  test('many concurrent callers across namespaces each get a session of their own namespace', async () => {
    const { pool, opened } = fakePool({ max: 3 });
    const namespaces = ['a.gold', 'b.gold', 'c.gold'];
    const leases: Array<Promise<void>> = [];
    const inUse = new Map<number, number>();
    for (let i = 0; i < 60; i++) {
      const namespace = namespaces[i % 3]!;
      leases.push(
        pool.acquire(namespace).then(async (lease: SessionLease<FakeSession>) => {
          assert.equal(lease.session.namespace, namespace);
          inUse.set(lease.session.id, (inUse.get(lease.session.id) ?? 0) + 1);
          assert.equal(inUse.get(lease.session.id), 1, 'a session is never lent twice at once');
          await settle();
          inUse.set(lease.session.id, 0);
          lease.release();
        }),
      );
    }
    await Promise.all(leases);
    assert.ok(opened.length <= 9, `opened ${opened.length}`);
    for (const namespace of namespaces) assert.ok(pool.sizeOf(namespace) <= 3);
  });
});
