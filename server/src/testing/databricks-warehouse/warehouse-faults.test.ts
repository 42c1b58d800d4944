import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { DBSQLClient } from '@databricks/sql';
import { connectDriver, startDemoWarehouse } from './demo-warehouse.js';
import type { TestWarehouse } from './test-warehouse.js';

/** Fast retries, so the driver's retry policy is exercised in milliseconds. */
const RETRIES = { retryDelayMin: 5, retryDelayMax: 20, retryMaxAttempts: 3 };
/** Without direct results the driver polls GetOperationStatus, one of the calls it retries. */
const POLL = { maxRows: null } as unknown as { maxRows: number };
const QUERY = 'SELECT count(*) AS courses FROM dim_courses';

describe('fault injection, as the real driver experiences it', () => {
  let warehouse: TestWarehouse;
  let client: DBSQLClient;
  let session: Awaited<ReturnType<DBSQLClient['openSession']>>;

  before(async () => {
    warehouse = await startDemoWarehouse();
    client = await connectDriver(warehouse, RETRIES);
    session = await client.openSession({ initialCatalog: 'kineo_acme', initialSchema: 'gold' });
  });
  afterEach(() => warehouse.faults.clear());
  after(async () => {
    await client?.close();
    await warehouse?.close();
  });

  const courses = async (options?: typeof POLL) => (await session.executeStatement(QUERY, options)).fetchAll();

  test('latency delays the answer, not its content', async () => {
    const latency = warehouse.faults.add({ kind: 'latency', ms: 30, method: 'ExecuteStatement' });
    assert.deepEqual(await courses(), [{ courses: 62 }]);
    assert.equal(latency.fired, 1);
  });

  test('a dropped connection on a call the driver may repeat is retried transparently', async () => {
    const drop = warehouse.faults.add({ kind: 'drop-connection', method: 'GetOperationStatus', times: 1 });
    assert.deepEqual(await courses(POLL), [{ courses: 62 }]);
    assert.equal(drop.fired, 1);
  });

  test('a dropped ExecuteStatement is not retried: the driver fails with a network error and nothing ran', async () => {
    const before = warehouse.log.statements.length;
    warehouse.faults.add({ kind: 'drop-connection', method: 'ExecuteStatement', times: 1 });
    await assert.rejects(session.executeStatement(QUERY), { name: 'FetchError', code: 'ECONNRESET', type: 'system' });
    assert.equal(warehouse.log.statements.length, before);
  });

  test('an answer lost after ExecuteStatement ran fails the call; the statement ran and its handle is lost', async () => {
    const before = warehouse.log.statements.length;
    warehouse.faults.add({ kind: 'drop-connection', method: 'ExecuteStatement', afterProcessing: true, times: 1 });
    await assert.rejects(session.executeStatement(QUERY, POLL), { code: 'ECONNRESET' });
    assert.equal(warehouse.log.statements.length, before + 1);
    assert.equal(warehouse.log.statements.at(-1)?.closed, false);
  });

  test('a dropped FetchResults is not retried', async () => {
    warehouse.faults.add({ kind: 'drop-connection', method: 'FetchResults', times: 1 });
    await assert.rejects(courses(POLL), { code: 'ECONNRESET' });
  });

  test('503 with Retry-After: retried on status polls, not on ExecuteStatement; gives up after retryMaxAttempts', async () => {
    const twice = warehouse.faults.add({ kind: 'http-status', status: 503, retryAfterSeconds: 1, method: 'GetOperationStatus', times: 2 });
    assert.deepEqual(await courses(POLL), [{ courses: 62 }]);
    assert.equal(twice.fired, 2);

    const always = warehouse.faults.add({ kind: 'http-status', status: 503, method: 'GetOperationStatus' });
    await assert.rejects(courses(POLL), { message: 'Hive driver: 503 when connecting to resource. Max retry count exceeded.' });
    assert.equal(always.fired, RETRIES.retryMaxAttempts);
    always.remove();

    const execute = warehouse.faults.add({ kind: 'http-status', status: 503, retryAfterSeconds: 1, method: 'ExecuteStatement' });
    await assert.rejects(session.executeStatement(QUERY), { name: 'THTTPException', statusCode: 503 });
    assert.equal(execute.fired, 1);
  });

  test('429 on FetchResults fails the fetch', async () => {
    const throttled = warehouse.faults.add({ kind: 'http-status', status: 429, method: 'FetchResults', times: 1 });
    await assert.rejects(courses(POLL), { name: 'THTTPException', statusCode: 429 });
    assert.equal(throttled.fired, 1);
  });

  test('a Thrift error status reaches the caller as the driver\'s StatusError', async () => {
    warehouse.faults.add({ kind: 'thrift-error', method: 'ExecuteStatement', message: 'Warehouse is stopping.', times: 1 });
    await assert.rejects(session.executeStatement(QUERY), { name: 'Status Error', message: '[INTERNAL_ERROR] Warehouse is stopping. SQLSTATE: XX000' });
    assert.deepEqual(await courses(), [{ courses: 62 }], 'spent after one firing');
  });

  test('a request never answered ends at the driver\'s socket timeout', async () => {
    const impatient = await connectDriver(warehouse, { ...RETRIES, socketTimeout: 300 });
    try {
      const impatientSession = await impatient.openSession({ initialCatalog: 'kineo_acme', initialSchema: 'gold' });
      const hang = warehouse.faults.add({ kind: 'hang-request', method: 'GetOperationStatus', times: 1 });
      await assert.rejects((await impatientSession.executeStatement(QUERY, POLL)).fetchAll(), { name: 'TApplicationException', message: 'Request timed out' });
      assert.equal(hang.fired, 1);
    } finally {
      await impatient.close();
    }
  });

  test('faults can be removed one by one or cleared', async () => {
    const first = warehouse.faults.add({ kind: 'http-status', status: 500, method: 'ExecuteStatement' });
    warehouse.faults.add({ kind: 'thrift-error', method: 'ExecuteStatement' });
    first.remove();
    await assert.rejects(session.executeStatement(QUERY), { name: 'Status Error' });
    warehouse.faults.clear();
    assert.deepEqual(await courses(), [{ courses: 62 }]);
    assert.equal(first.fired, 0);
  });
});
