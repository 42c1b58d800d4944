import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoDatabase } from './write-duckdb.js';
import { GOLD_TABLES, makeTempDir, openDatabase, scalar, tableFingerprint, withDatabase, type Query } from './test-helpers.js';

const temp = makeTempDir();
after(temp.remove);

async function fingerprints(file: string): Promise<Record<string, string>> {
  return withDatabase(file, async (query) => {
    const result: Record<string, string> = {};
    for (const table of GOLD_TABLES) result[table] = await tableFingerprint(query, table);
    return result;
  });
}

test('two writes with the same options hold identical rows; another seed differs', async () => {
  const options = { tenant: 'acme', users: 150 };
  const first = await writeDemoDatabase({ ...options, file: join(temp.dir, 'same-1.duckdb') });
  const second = await writeDemoDatabase({ ...options, file: join(temp.dir, 'same-2.duckdb') });
  const reseeded = await writeDemoDatabase({ ...options, seed: 7, file: join(temp.dir, 'seed-7.duckdb') });
  assert.deepEqual(second.rows, first.rows);

  const [a, b, c] = await Promise.all([first, second, reseeded].map((result) => fingerprints(result.file)));
  assert.deepEqual(b, a);
  for (const table of ['dataset_info', 'dim_users', 'fact_course_progress', 'fact_certifications']) {
    assert.notEqual(c![table], a![table], `${table} did not change with the seed`);
  }
});

test('the result counts the rows of every table', async () => {
  const file = join(temp.dir, 'counts.duckdb');
  const { rows } = await writeDemoDatabase({ tenant: 'techcorp', users: 80, file });
  await withDatabase(file, async (query) => {
    for (const table of GOLD_TABLES) {
      assert.equal(await scalar(query, `SELECT count(*) FROM ${table}`), rows[table], table);
      assert.ok(rows[table]! > 0, `${table} is empty`);
    }
  });
});

test('the file appears only when complete: no temporary file is left, a failed write keeps the old file', async () => {
  const dir = join(temp.dir, 'atomic');
  const file = join(dir, 'acme.duckdb');
  const progress: string[] = [];
  await writeDemoDatabase({ tenant: 'acme', users: 60, seed: 1, file, onProgress: (p) => progress.push(p.table) });
  assert.deepEqual(readdirSync(dir), ['acme.duckdb']);
  assert.ok(progress.includes('dim_users') && progress.includes('fact_course_progress'));

  await assert.rejects(
    writeDemoDatabase({
      tenant: 'acme',
      users: 60,
      seed: 2,
      file,
      onProgress: (p) => {
        if (p.table === 'fact_course_progress') throw new Error('simulated crash');
      },
    }),
    /simulated crash/,
  );
  assert.deepEqual(readdirSync(dir), ['acme.duckdb']);
  assert.equal(await withDatabase(file, (query) => scalar(query, 'SELECT seed FROM dataset_info')), 1);

  // A stale write-ahead log of the replaced file must not be replayed against the new one.
  writeFileSync(`${file}.wal`, 'stale');
  await writeDemoDatabase({ tenant: 'acme', users: 60, seed: 3, file });
  assert.deepEqual(readdirSync(dir), ['acme.duckdb']);
  assert.equal(await withDatabase(file, (query) => scalar(query, 'SELECT seed FROM dataset_info')), 3);
});

test('an unknown tenant is refused, naming the known ones, and writes nothing', async () => {
  const file = join(temp.dir, 'globex.duckdb');
  await assert.rejects(writeDemoDatabase({ tenant: 'globex', file }), /acme, techcorp/);
  assert.equal(existsSync(file), false);
});

/** SQL checks over one written tenant file: each query counts violations. */
function describeInvariants(tenant: string, users: number) {
  describe(`${tenant} data invariants`, () => {
    const file = join(temp.dir, `invariants-${tenant}.duckdb`);
    let query: Query;
    let close = () => {};
    before(async () => {
      await writeDemoDatabase({ tenant, users, file });
      ({ query, close } = await openDatabase(file));
    });
    after(() => close());

    const none = async (sql: string, what: string) => assert.equal(await scalar(query, sql), 0, what);

    test('dataset_info describes the dataset', async () => {
      const rows = await query('SELECT tenant, as_of::VARCHAR AS as_of, generator_version, seed, users FROM dataset_info');
      assert.deepEqual(rows, [{ tenant, as_of: '2026-10-31', generator_version: 1, seed: 42, users }]);
      assert.equal(await scalar(query, 'SELECT count(*) FROM dim_users'), users);
    });

    test('the hierarchy has at least 3 levels and consistent paths', async () => {
      assert.ok(Number(await scalar(query, 'SELECT max(level) FROM dim_organizations')) >= 2);
      assert.equal(
        await scalar(query, `SELECT count(*) FROM dim_organizations WHERE level = 0 AND parent_org_id IS NULL AND path = '/' || org_id || '/'`),
        1,
      );
      await none(
        `SELECT count(*) FROM dim_organizations o LEFT JOIN dim_organizations p ON p.org_id = o.parent_org_id
         WHERE o.level > 0 AND (p.org_id IS NULL OR o.level <> p.level + 1 OR o.path <> p.path || o.org_id || '/')`,
        'orgs whose parent, level or path disagree',
      );
      await none(
        `SELECT count(*) FROM (SELECT parent_org_id, count(*) AS n FROM dim_organizations WHERE parent_org_id IS NOT NULL
         GROUP BY 1) WHERE n NOT BETWEEN 2 AND 6`,
        'orgs with fewer than 2 or more than 6 children',
      );
    });

    test('each org has one manager; people report to it and managers to the parent org manager', async () => {
      const managers = `
        SELECT o.org_id, o.parent_org_id, u.user_id FROM dim_organizations o JOIN dim_users u ON u.org_id = o.org_id
        LEFT JOIN dim_users boss ON boss.user_id = u.manager_id
        WHERE boss.user_id IS NULL OR boss.org_id <> u.org_id`;
      await none(
        `SELECT count(*) FROM dim_organizations o WHERE (SELECT count(*) FROM (${managers}) m WHERE m.org_id = o.org_id) <> 1`,
        'orgs without exactly one manager',
      );
      await none(
        `SELECT count(*) FROM dim_users u JOIN (${managers}) m ON m.org_id = u.org_id
         WHERE u.user_id <> m.user_id AND u.manager_id IS DISTINCT FROM m.user_id`,
        'people not reporting to their org manager',
      );
      await none(
        `SELECT count(*) FROM (${managers}) m LEFT JOIN (${managers}) pm ON pm.org_id = m.parent_org_id
         WHERE (SELECT manager_id FROM dim_users WHERE user_id = m.user_id) IS DISTINCT FROM pm.user_id`,
        'managers not reporting to the parent org manager',
      );
      assert.ok(
        Number(await scalar(query, `SELECT count(*) FROM dim_users u WHERE u.org_id IN (SELECT parent_org_id FROM dim_organizations)
           AND u.manager_id IN (SELECT user_id FROM dim_users b WHERE b.org_id = u.org_id)`)) > 0,
        'no non-manager works in a higher org',
      );
    });

    test('users: unique emails, hired 1–15 years before as-of, mostly active', async () => {
      await none('SELECT count(*) - count(DISTINCT email) FROM dim_users', 'duplicate emails');
      await none(
        `SELECT count(*) FROM dim_users, dataset_info d
         WHERE hire_date > d.as_of - INTERVAL 1 YEAR OR hire_date < d.as_of - INTERVAL 15 YEAR`,
        'hire dates out of range',
      );
      const active = Number(await scalar(query, 'SELECT avg(is_active::INTEGER) FROM dim_users'));
      assert.ok(active > 0.88 && active < 1, `active share ${active}`);
    });

    test('every id carries the tenant prefix', async () => {
      const prefixed = (column: string) => `(${column} IS NULL OR starts_with(${column}, '${tenant}-'))`;
      await none(`SELECT count(*) FROM dim_organizations WHERE NOT (${prefixed('org_id')} AND ${prefixed('parent_org_id')}
        AND regexp_full_match(path, '(/${tenant}-o[0-9]+)+/'))`, 'orgs');
      await none(`SELECT count(*) FROM dim_users WHERE NOT (${prefixed('user_id')} AND ${prefixed('org_id')} AND ${prefixed('manager_id')})`, 'users');
      await none(`SELECT count(*) FROM dim_courses WHERE NOT ${prefixed('course_id')}`, 'courses');
      await none(`SELECT count(*) FROM fact_course_progress WHERE NOT (${prefixed('user_id')} AND ${prefixed('org_id')} AND ${prefixed('course_id')})`, 'progress');
      await none(`SELECT count(*) FROM fact_certifications WHERE NOT (${prefixed('user_id')} AND ${prefixed('org_id')} AND ${prefixed('course_id')})`, 'certifications');
    });

    test('courses: required categories, mandatory compliance, known delivery methods', async () => {
      const categories = (await query('SELECT DISTINCT category FROM dim_courses')).map((row) => row.category);
      for (const required of ['Compliance', 'Technical Skills', 'Leadership']) assert.ok(categories.includes(required), required);
      assert.ok(Number(await scalar(query, `SELECT avg(is_mandatory::INTEGER) FROM dim_courses WHERE category = 'Compliance'`)) > 0.5);
      await none(`SELECT count(*) FROM dim_courses WHERE delivery_method NOT IN ('e-learning', 'classroom', 'blended') OR duration_minutes <= 0`, 'courses');
    });

    test('progress facts belong to the learner org and follow the status rules', async () => {
      await none(
        `SELECT count(*) FROM fact_course_progress f LEFT JOIN dim_users u USING (user_id) WHERE u.org_id IS DISTINCT FROM f.org_id`,
        'facts whose org is not the user org',
      );
      await none(`SELECT count(*) FROM fact_course_progress f ANTI JOIN dim_courses c USING (course_id)`, 'unknown courses');
      await none('SELECT count(*) - count(DISTINCT enrolment_id) FROM fact_course_progress', 'duplicate enrolment ids');
      await none(
        `SELECT count(*) FROM fact_course_progress
         WHERE (status = 'completed') <> (progress_percent = 100) OR (status = 'completed') <> (completed_date IS NOT NULL)
            OR (completed_month IS NULL) <> (completed_date IS NULL) OR progress_percent NOT BETWEEN 0 AND 100`,
        'completed ⇔ 100 % ⇔ completion date',
      );
      await none(
        `SELECT count(*) FROM fact_course_progress, dataset_info d
         WHERE (status = 'overdue') <> (status <> 'completed' AND due_date IS NOT NULL AND due_date < d.as_of)
            OR (status = 'in_progress' AND progress_percent = 0)
            OR (status = 'not_started' AND (progress_percent <> 0 OR time_spent_minutes <> 0))
            OR status NOT IN ('completed', 'in_progress', 'not_started', 'overdue')`,
        'statuses that contradict the dates or progress',
      );
      await none(
        `SELECT count(*) FROM fact_course_progress, dataset_info d
         WHERE enrolled_date > d.as_of OR completed_date > d.as_of OR completed_date < enrolled_date
            OR enrolled_date < d.as_of - INTERVAL 3 YEAR
            OR enrolled_month <> date_trunc('month', enrolled_date) OR completed_month <> date_trunc('month', completed_date)`,
        'dates after as-of or inconsistent months',
      );
      await none(
        `SELECT count(*) FROM fact_course_progress f JOIN dim_courses c USING (course_id)
         WHERE (c.is_mandatory AND due_date IS NULL) OR due_date - enrolled_date NOT BETWEEN 30 AND 90`,
        'due dates missing on mandatory courses or out of range',
      );
      await none(
        `SELECT count(*) FROM fact_course_progress WHERE (progress_percent > 0) <> (time_spent_minutes > 0)`,
        'time spent without progress or progress without time',
      );
      const statuses = (await query('SELECT DISTINCT status FROM fact_course_progress ORDER BY 1')).map((row) => row.status);
      assert.deepEqual(statuses, ['completed', 'in_progress', 'not_started', 'overdue']);
      const perUser = Number(await scalar(query, 'SELECT count(*) / count(DISTINCT user_id) FROM fact_course_progress'));
      assert.ok(perUser >= 18 && perUser <= 32, `${perUser} enrolments per user`);
      const optionalDue = Number(await scalar(query, `SELECT avg((due_date IS NOT NULL)::INTEGER) FROM fact_course_progress
        JOIN dim_courses USING (course_id) WHERE NOT is_mandatory`));
      assert.ok(optionalDue > 0.2 && optionalDue < 0.4, `${optionalDue} of optional enrolments have a due date`);
    });

    test('completion varies by category, org and month', async () => {
      const spread = (groupBy: string, join = '') =>
        scalar(query, `SELECT max(rate) - min(rate) FROM (SELECT avg((status = 'completed')::INTEGER) AS rate
          FROM fact_course_progress f ${join} GROUP BY ${groupBy} HAVING count(*) >= 50)`);
      assert.ok(Number(await spread('c.category', 'JOIN dim_courses c USING (course_id)')) > 0.05, 'by category');
      assert.ok(Number(await spread('f.org_id')) > 0.05, 'by org');
      assert.ok(Number(await spread('f.enrolled_month')) > 0.05, 'by month');
    });

    test('certifications follow completed enrolments and some expire within 90 days', async () => {
      await none('SELECT count(*) - count(DISTINCT certification_id) FROM fact_certifications', 'duplicate certification ids');
      await none(
        `SELECT count(*) FROM fact_certifications c LEFT JOIN fact_course_progress f
           ON f.user_id = c.user_id AND f.course_id = c.course_id AND f.status = 'completed' AND f.completed_date = c.issued_date
         WHERE f.enrolment_id IS NULL OR f.org_id <> c.org_id`,
        'certifications without a completed enrolment of that learner',
      );
      await none(
        `SELECT count(*) FROM fact_certifications, dataset_info d
         WHERE expires_date NOT IN (issued_date + INTERVAL 12 MONTH, issued_date + INTERVAL 24 MONTH, issued_date + INTERVAL 36 MONTH)
            OR status <> CASE WHEN expires_date < d.as_of THEN 'expired' ELSE 'active' END
            OR issued_date > d.as_of`,
        'validity or status wrong',
      );
      const expiringSoon = Number(await scalar(query, `SELECT count(*) FROM fact_certifications, dataset_info d
        WHERE expires_date BETWEEN d.as_of AND d.as_of + INTERVAL 90 DAY`));
      assert.ok(expiringSoon >= 12, `${expiringSoon} certifications expire within 90 days`);
      assert.ok(Number(await scalar(query, `SELECT count(*) FROM fact_certifications WHERE status = 'expired'`)) > 0);
    });
  });
}

describeInvariants('acme', 300);
describeInvariants('techcorp', 100);

test('the two tenants differ in size, depth and categories', async () => {
  const summary = async (tenant: string, users: number) => {
    const file = join(temp.dir, `shape-${tenant}.duckdb`);
    await writeDemoDatabase({ tenant, users, file });
    return withDatabase(file, async (query) => ({
      users: await scalar(query, 'SELECT count(*) FROM dim_users'),
      maxLevel: await scalar(query, 'SELECT max(level) FROM dim_organizations'),
      categories: (await query('SELECT DISTINCT category FROM dim_courses ORDER BY 1')).map((row) => row.category),
      courses: Number(await scalar(query, 'SELECT count(*) FROM dim_courses')),
    }));
  };
  // Default sizes, as `kineo seed` writes them.
  const acme = await summary('acme', 1200);
  const techcorp = await summary('techcorp', 400);
  assert.deepEqual([acme.users, techcorp.users], [1200, 400]);
  assert.deepEqual([acme.maxLevel, techcorp.maxLevel], [3, 2]);
  assert.notDeepEqual(acme.categories, techcorp.categories);
  assert.ok(acme.categories.includes('Health & Safety') && techcorp.categories.includes('Security'));
  assert.ok(acme.courses >= 50 && acme.courses <= 70, `acme has ${acme.courses} courses`);
  assert.ok(techcorp.courses >= 30 && techcorp.courses <= 40, `techcorp has ${techcorp.courses} courses`);
});
