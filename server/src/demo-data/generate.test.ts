import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoDataset, type DemoDataOptions } from './generate.js';
import { NO_DATE, type FactBatch } from './rows.js';

/** Everything a dataset holds, with the fact batches flattened into plain rows. */
function materialise(options: DemoDataOptions, batchSize?: number) {
  const dataset = generateDemoDataset(options);
  const facts = {
    fact_course_progress: [] as Record<string, unknown>[],
    fact_certifications: [] as Record<string, unknown>[],
  };
  for (const batch of dataset.factBatches(batchSize)) facts[batch.table].push(...batchRows(batch));
  const { profile: _profile, factBatches: _factBatches, ...dimensions } = dataset;
  return { ...dimensions, ...facts };
}

function batchRows(batch: FactBatch): Record<string, unknown>[] {
  const columns = Object.entries(batch).filter(([name]) => name !== 'table' && name !== 'length');
  for (const [name, values] of columns) assert.equal((values as ArrayLike<unknown>).length, batch.length, name);
  return Array.from({ length: batch.length }, (_, row) =>
    Object.fromEntries(columns.map(([name, values]) => [name, (values as ArrayLike<unknown>)[row]])),
  );
}

test('the same options give the same rows; another seed gives others', () => {
  const options = { tenant: 'techcorp', users: 60 };
  const first = materialise(options);
  assert.deepEqual(materialise(options), first);
  // The batch size only cuts the stream differently.
  assert.deepEqual(materialise(options, 100), first);
  const reseeded = materialise({ ...options, seed: 7 });
  assert.notDeepEqual(reseeded.users, first.users);
  assert.notDeepEqual(reseeded.fact_course_progress, first.fact_course_progress);
  assert.equal(reseeded.datasetInfo.seed, 7);
});

test('the fact stream comes in batches of at most the batch size and matches the announced count', () => {
  const dataset = generateDemoDataset({ tenant: 'acme', users: 150 });
  let progressRows = 0;
  for (const batch of dataset.factBatches(500)) {
    assert.ok(batch.length > 0 && batch.length <= 500);
    if (batch.table === 'fact_course_progress') progressRows += batch.length;
  }
  assert.equal(progressRows, dataset.progressRowCount);
  assert.ok(progressRows / 150 >= 20 && progressRows / 150 <= 32, `${progressRows / 150} enrolments per user`);
});

test('the defaults: profile size, seed 42, as-of 2026-10-31', () => {
  const { datasetInfo, users } = generateDemoDataset({ tenant: 'techcorp' });
  assert.equal(users.length, 400);
  assert.deepEqual(datasetInfo, {
    tenant: 'techcorp',
    as_of: Date.UTC(2026, 9, 31) / 86_400_000,
    generator_version: 1,
    seed: 42,
    users: 400,
  });
});

test('emails are unique and ids carry the tenant prefix', () => {
  for (const tenant of ['acme', 'techcorp']) {
    const { users, organizations, courses } = generateDemoDataset({ tenant, users: 500 });
    assert.equal(new Set(users.map((user) => user.email)).size, users.length);
    const ids = [
      ...users.flatMap((user) => [user.user_id, user.org_id, user.manager_id ?? `${tenant}-`]),
      ...organizations.map((org) => org.org_id),
      ...courses.map((course) => course.course_id),
    ];
    for (const id of ids) assert.ok(id.startsWith(`${tenant}-`), id);
  }
});

test('non-completed enrolments have no completion date and completed ones 100 %', () => {
  const dataset = generateDemoDataset({ tenant: 'acme', users: 100 });
  for (const batch of dataset.factBatches()) {
    if (batch.table !== 'fact_course_progress') continue;
    for (let row = 0; row < batch.length; row++) {
      const completed: boolean = batch.status[row] === 'completed';
      assert.equal(completed, batch.completed_date[row] !== NO_DATE);
      assert.equal(completed, batch.progress_percent[row] === 100);
    }
  }
});

test('bad options are refused', () => {
  assert.throws(() => generateDemoDataset({ tenant: 'globex' }), /acme, techcorp/);
  assert.throws(() => generateDemoDataset({ tenant: 'acme', users: 19 }), /at least 20/);
  assert.throws(() => generateDemoDataset({ tenant: 'acme', users: 50.5 }), /whole number/);
  assert.throws(() => generateDemoDataset({ tenant: 'acme', asOf: '2026-02-30' }), /not a valid calendar date/);
  assert.throws(() => generateDemoDataset({ tenant: 'acme', asOf: 'today' }), /YYYY-MM-DD/);
  assert.throws(() => generateDemoDataset({ tenant: 'acme', seed: 2 ** 40 }), /32-bit/);
});

test('the smallest datasets still have a manager and an analyst per top-level org', () => {
  for (const tenant of ['acme', 'techcorp']) {
    const { organizations, users } = generateDemoDataset({ tenant, users: 20 });
    assert.equal(users.length, 20);
    assert.ok(Math.max(...organizations.map((org) => org.level)) >= 2);
    for (const org of organizations) {
      assert.ok(users.some((user) => user.org_id === org.org_id), `${org.org_id} has nobody`);
    }
  }
});
