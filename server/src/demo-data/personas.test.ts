import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readDemoPersonas, type DemoPersona } from './personas.js';
import { writeDemoDatabase } from './write-duckdb.js';
import { makeTempDir, withDatabase, type Query } from './test-helpers.js';

const temp = makeTempDir();
after(temp.remove);

async function personasOf(tenant: string, users: number, seed?: number) {
  const file = join(temp.dir, `${tenant}-${users}-${seed ?? 'default'}.duckdb`);
  await writeDemoDatabase({ tenant, users, seed, file });
  const sqls: string[] = [];
  const personas = await withDatabase(file, (query) =>
    readDemoPersonas(async (sql) => {
      sqls.push(sql);
      return query(sql);
    }),
  );
  return { personas, sqls, file };
}

/** Checks the personas against the data they were read from. */
async function checkAgainstData(query: Query, tenant: string, personas: DemoPersona[]) {
  assert.deepEqual(
    personas.map((persona) => persona.role),
    ['admin', 'manager', 'manager', 'analyst', 'learner', 'learner'],
  );
  const users = new Map((await query('SELECT user_id, org_id, manager_id, is_active FROM dim_users')).map((u) => [u.user_id, u]));
  const orgs = new Map((await query('SELECT org_id, org_name, level FROM dim_organizations')).map((o) => [o.org_id, o]));
  const parents = new Set((await query('SELECT DISTINCT parent_org_id FROM dim_organizations')).map((o) => o.parent_org_id));
  const managersOf = new Set([...users.values()].map((u) => u.manager_id));

  for (const persona of personas) {
    assert.ok(persona.sub.startsWith(`${tenant}-u`), persona.sub);
    const user = users.get(persona.sub)!;
    const org = orgs.get(persona.organisation.id)!;
    assert.equal(user.org_id, persona.organisation.id, `${persona.sub} is not in the persona's org`);
    assert.equal(org.org_name, persona.organisation.name);
    assert.ok(persona.name.length > 0);
    const boss = user.manager_id === null ? undefined : users.get(user.manager_id);
    const managesOwnOrg = boss === undefined || boss.org_id !== user.org_id;
    switch (persona.role) {
      case 'admin':
        assert.equal(org.level, 0);
        assert.equal(user.manager_id, null);
        assert.equal(persona.orgs, undefined);
        break;
      case 'manager':
        assert.equal(org.level, 1);
        assert.ok(managesOwnOrg, `${persona.sub} does not manage ${org.org_id}`);
        assert.deepEqual(persona.orgs, [persona.organisation.id]);
        break;
      case 'analyst':
        assert.equal(org.level, 1);
        assert.ok(!managesOwnOrg);
        assert.deepEqual(persona.orgs, [persona.organisation.id]);
        break;
      case 'learner':
        assert.equal(user.is_active, true);
        assert.ok(!parents.has(org.org_id), `${org.org_id} is not a leaf`);
        assert.ok(!managersOf.has(persona.sub), `${persona.sub} manages people`);
        assert.equal(persona.orgs, undefined);
        break;
    }
  }
  const managerOrgs = personas.filter((p) => p.role === 'manager').map((p) => p.organisation.id);
  assert.equal(new Set(managerOrgs).size, 2, 'the managers share an org');
  const learners = personas.filter((p) => p.role === 'learner');
  for (const learner of learners) {
    const statuses = await query(`SELECT DISTINCT status FROM fact_course_progress WHERE user_id = '${learner.sub}'`);
    assert.ok(statuses.length >= 3, `${learner.sub} has only ${statuses.length} statuses`);
  }
}

for (const [tenant, users] of [['acme', 300], ['techcorp', 100]] as const) {
  test(`${tenant}: an admin, two managers, an analyst and two learners, all from the data`, async () => {
    const { personas, file } = await personasOf(tenant, users);
    await withDatabase(file, (query) => checkAgainstData(query, tenant, personas));
  });
}

test('the persona SQL is fixed text and the pick is deterministic', async () => {
  const acme = await personasOf('acme', 120);
  const techcorp = await personasOf('techcorp', 60);
  const again = await personasOf('acme', 120);
  assert.deepEqual(acme.sqls, techcorp.sqls);
  for (const sql of acme.sqls) assert.doesNotMatch(sql, /acme|techcorp/);
  assert.deepEqual(again.personas, acme.personas);
  const reseeded = await personasOf('acme', 120, 9);
  assert.notDeepEqual(reseeded.personas.map((p) => p.name), acme.personas.map((p) => p.name));
});

test('no data, no personas', async () => {
  assert.deepEqual(await readDemoPersonas(async () => []), []);
});
