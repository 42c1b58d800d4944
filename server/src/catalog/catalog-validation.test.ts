import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { GOLD_SCHEMA_FILE } from '../bootstrap.js';
import { SchemaProbe } from '../engines/duckdb/schema-probe.js';
import { CatalogError, type Catalog } from './catalog.js';
import { checkCatalogSql } from './check-catalog-sql.js';
import { DEFAULT_CATALOG_DIR, loadCatalog } from './load-catalog.js';
import { checkChartSpecs } from './check-chart-specs.js';

// Each test copies the shipped catalog, changes one thing and expects a problem line naming it.
// A problem is matched by fragments that must all appear in the same line.

type Doc = any;

const tempDirs: string[] = [];
let probe: SchemaProbe;

before(async () => {
  probe = await SchemaProbe.create(readFileSync(GOLD_SCHEMA_FILE, 'utf8'));
});
after(() => {
  probe.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function catalogCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kineo-catalog-'));
  tempDirs.push(dir);
  cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  return dir;
}

const queryFile = (dir: string, id: string) => join(dir, 'queries', `${id}.yaml`);
const dashboardFile = (dir: string, id: string) => join(dir, 'dashboards', `${id}.yaml`);

function editYaml(file: string, edit: (doc: Doc) => void): void {
  const doc: Doc = parse(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, stringify(doc));
}

function writeQuery(dir: string, id: string, definition: Record<string, unknown>): void {
  writeFileSync(queryFile(dir, id), stringify({ id, version: 1, ...definition }));
}

function findPanel(dashboard: Doc, id: string): Doc {
  const panel = (dashboard.panels as Doc[]).find((p) => p.id === id);
  assert.ok(panel, `no panel "${id}"`);
  return panel;
}

function findFilter(dashboard: Doc, id: string): Doc {
  const filter = (dashboard.filters as Doc[]).find((f) => f.id === id);
  assert.ok(filter, `no filter "${id}"`);
  return filter;
}

/** A validator for assert.throws / assert.rejects: a CatalogError with one line per expected problem. */
function catalogProblems(...expected: string[][]): (error: unknown) => true {
  return (error: unknown) => {
    assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${String(error)}`);
    assert.ok(error.problems.length > 0, 'a CatalogError with no problems');
    for (const fragments of expected)
      assert.ok(
        error.problems.some((line) => fragments.every((fragment) => line.includes(fragment))),
        `no problem line containing all of ${JSON.stringify(fragments)} in:\n  ${error.problems.join('\n  ')}`,
      );
    return true;
  };
}

function assertLoadFails(dir: string, ...expected: string[][]): void {
  assert.throws(() => loadCatalog(dir), catalogProblems(...expected));
}

/**
 * Loads the copy (the change must pass the file checks: only its SQL is wrong) and, to keep the
 * suite fast, keeps just the queries a test wrote: the shipped ones are checked once, above.
 */
function sqlCatalog(dir: string, only?: readonly string[]): Catalog {
  const catalog = loadCatalog(dir);
  if (!only) return catalog;
  const queries = new Map(
    only.map((id) => {
      const query = catalog.queries.get(id);
      assert.ok(query, `no query "${id}" in the copy`);
      return [id, query] as const;
    }),
  );
  return { ...catalog, queries };
}

async function assertSqlFails(dir: string, only: readonly string[] | undefined, ...expected: string[][]): Promise<void> {
  await assert.rejects(checkCatalogSql(sqlCatalog(dir, only), probe), catalogProblems(...expected));
}

async function assertSqlPasses(dir: string, only?: readonly string[]): Promise<void> {
  await checkCatalogSql(sqlCatalog(dir, only), probe);
}

describe('the shipped catalog', () => {
  test('loads with 3 dashboards and at least 20 queries, and all its SQL prepares', async () => {
    const catalog = loadCatalog();
    assert.deepEqual([...catalog.dashboards.keys()].sort(), ['compliance', 'learning-progress', 'team-performance']);
    assert.ok(catalog.queries.size >= 20, `only ${catalog.queries.size} queries`);
    await checkCatalogSql(catalog, probe);
  });

  test('a temporary copy of it loads and passes the SQL check unchanged', async () => {
    const dir = catalogCopy();
    const catalog = loadCatalog(dir);
    assert.equal(catalog.queries.size, loadCatalog().queries.size);
    await checkCatalogSql(catalog, probe);
  });
});

describe('checkCatalogSql', () => {
  /** A well-formed extra query; each test below breaks exactly one thing of it. */
  const validProbeQuery = () => ({
    description: 'Enrolments per learner (test fixture).',
    sql: [
      'SELECT u.user_id, u.full_name, count(p.enrolment_id) AS enrolments',
      'FROM dim_users AS u',
      'LEFT JOIN fact_course_progress AS p ON p.user_id = u.user_id',
      'WHERE ($org IS NULL OR list_contains($org, u.org_id))',
      '  AND ($period_from IS NULL OR p.enrolled_date >= $period_from)',
      '  AND ($period_to IS NULL OR p.enrolled_date <= $period_to)',
      'GROUP BY u.user_id, u.full_name',
    ].join('\n'),
    parameters: {
      org: { type: 'stringList', maxItems: 10, maxLength: 64 },
      period: { type: 'dateRange' },
    } as Record<string, unknown>,
    columns: [
      { name: 'user_id', type: 'string' },
      { name: 'full_name', type: 'string' },
      { name: 'enrolments', type: 'integer' },
    ],
  });
  const AT = 'query "probe_query"';
  const ONLY = ['probe_query'];

  test('accepts the well-formed extra query the other tests break', async () => {
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', validProbeQuery());
    await assertSqlPasses(dir);
  });

  test('accepts a parameterless extra query over an unqualified table', async () => {
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', { sql: 'SELECT user_id FROM dim_users', columns: [{ name: 'user_id', type: 'string' }] });
    await assertSqlPasses(dir, ONLY);
  });

  test(
    'accepts a parameterless query that gives its tables aliases',
    async () => {
      const dir = catalogCopy();
      writeQuery(dir, 'probe_query', { sql: 'SELECT u.user_id FROM dim_users AS u', columns: [{ name: 'user_id', type: 'string' }] });
      await assertSqlPasses(dir, ONLY);
    },
  );

  test('rejects a table qualified with a schema (main.dim_users)', async () => {
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', { sql: 'SELECT user_id FROM main.dim_users', columns: [{ name: 'user_id', type: 'string' }] });
    await assertSqlFails(dir, ONLY, [AT, '"main.dim_users"', 'catalog or schema']);
  });

  test('rejects a table qualified with a catalog and schema (other.gold.fact_course_progress)', async () => {
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', {
      sql: 'SELECT count(*) AS n FROM other.gold.fact_course_progress',
      columns: [{ name: 'n', type: 'integer' }],
    });
    await assertSqlFails(dir, ONLY, [AT, 'other']);
  });

  test(
    'rejects a schema-qualified table in a query that also uses parameters',
    async () => {
      const dir = catalogCopy();
      editYaml(queryFile(dir, 'completion_by_category'), (q) => {
        q.sql = (q.sql as string).replace('FROM fact_course_progress AS p', 'FROM main.fact_course_progress AS p');
        assert.match(q.sql as string, /main\.fact_course_progress/);
      });
      await assertSqlFails(dir, ['completion_by_category'], ['query "completion_by_category"', '"main.fact_course_progress"', 'catalog or schema']);
    },
  );

  test('checks a Databricks variant like the shared SQL: a qualified table is refused', async () => {
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', {
      sql: 'SELECT user_id FROM dim_users',
      variants: { databricks: 'SELECT user_id FROM kineo_techcorp.gold.dim_users' },
      columns: [{ name: 'user_id', type: 'string' }],
    });
    await assertSqlFails(dir, ONLY, [`${AT} (databricks variant)`, 'kineo_techcorp', 'catalog or schema']);
  });

  test('checks a Databricks variant uses exactly the declared parameters', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    writeQuery(dir, 'probe_query', { ...query, variants: { databricks: 'SELECT u.user_id, u.full_name, 1 AS enrolments FROM dim_users AS u WHERE u.user_id = $someone' } });
    await assertSqlFails(dir, ONLY, [`${AT} (databricks variant)`, '"$someone"', 'does not declare']);
  });

  test('refuses a Databricks variant of two statements', () => {
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', {
      sql: 'SELECT user_id FROM dim_users',
      variants: { databricks: 'SELECT user_id FROM dim_users; DROP TABLE dim_users' },
      columns: [{ name: 'user_id', type: 'string' }],
    });
    assertLoadFails(dir, ['variants.databricks', 'one statement only']);
  });

  test('rejects a table that is not in the gold schema', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    query.sql = query.sql.replace('FROM dim_users AS u', 'FROM dim_teams AS u');
    writeQuery(dir, 'probe_query', query);
    await assertSqlFails(dir, ONLY, [AT, 'dim_teams']);
  });

  test('rejects SQL that does not prepare', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    query.sql = query.sql.replace('SELECT u.user_id', 'SELEC u.user_id');
    writeQuery(dir, 'probe_query', query);
    await assertSqlFails(dir, ONLY, [AT, 'does not prepare']);
  });

  test('rejects a query that prepares bare but not with an organisation or user row scope', async () => {
    // The scope CTEs are merged into the query's WITH clause: its own kineo_scope_orgs clashes.
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', {
      sql: 'WITH kineo_scope_orgs AS (SELECT org_id FROM dim_organizations) SELECT count(*) AS n FROM kineo_scope_orgs',
      columns: [{ name: 'n', type: 'integer' }],
    });
    await assertSqlFails(dir, ONLY, [AT, 'organisations row scope'], [AT, 'user row scope']);
  });

  test('rejects a declared parameter the SQL never uses', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    query.parameters['category'] = { type: 'stringList', maxItems: 10, maxLength: 64 };
    writeQuery(dir, 'probe_query', query);
    await assertSqlFails(dir, ONLY, [AT, '"$category"', 'never uses']);
  });

  test('rejects a dateRange parameter whose _to half is never used', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    query.sql = query.sql.replace('  AND ($period_to IS NULL OR p.enrolled_date <= $period_to)\n', '');
    writeQuery(dir, 'probe_query', query);
    await assertSqlFails(dir, ONLY, [AT, '"$period_to"', 'never uses']);
  });

  /** The probe query, using a `$status` it does not declare. */
  const undeclaredStatus = () => {
    const query = validProbeQuery();
    query.sql = query.sql.replace('GROUP BY', "  AND ($status IS NULL OR p.status = $status)\nGROUP BY");
    return query;
  };

  test('rejects a $parameter the SQL uses but the query does not declare', async () => {
    const dir = catalogCopy();
    writeQuery(dir, 'probe_query', undeclaredStatus());
    await assertSqlFails(dir, ONLY, [AT, 'status']);
  });

  test(
    'says which $parameter is used but not declared',
    async () => {
      const dir = catalogCopy();
      writeQuery(dir, 'probe_query', undeclaredStatus());
      await assertSqlFails(dir, ONLY, [AT, '"$status"', 'does not declare']);
    },
  );

  test('rejects a declared output column the SQL does not return', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    query.columns.push({ name: 'email', type: 'string' });
    writeQuery(dir, 'probe_query', query);
    await assertSqlFails(dir, ONLY, [AT, 'output column "email"', 'does not return']);
  });

  test('rejects a declared output column the SQL returns with another type', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    query.columns[2] = { name: 'enrolments', type: 'string' };
    writeQuery(dir, 'probe_query', query);
    await assertSqlFails(dir, ONLY, [AT, 'column "enrolments"', 'declared string', 'returns integer']);
  });

  test('accepts an integer column declared as number, but not a number column declared integer', async () => {
    const widened = catalogCopy();
    const ok = validProbeQuery();
    ok.columns[2] = { name: 'enrolments', type: 'number' };
    writeQuery(widened, 'probe_query', ok);
    await assertSqlPasses(widened, ONLY);

    const narrowed = catalogCopy();
    const bad = validProbeQuery();
    bad.sql = bad.sql.replace('count(p.enrolment_id) AS enrolments', 'avg(p.progress_percent) AS enrolments');
    bad.columns[2] = { name: 'enrolments', type: 'integer' };
    writeQuery(narrowed, 'probe_query', bad);
    await assertSqlFails(narrowed, ONLY, [AT, 'column "enrolments"', 'declared integer', 'returns number']);
  });

  test('rejects a returned column the query does not declare', async () => {
    const dir = catalogCopy();
    const query = validProbeQuery();
    query.columns.splice(1, 1); // full_name
    writeQuery(dir, 'probe_query', query);
    await assertSqlFails(dir, ONLY, [AT, 'undeclared column "full_name"']);
  });

  test('rejects a row-scope table that is not in the gold schema', async () => {
    const dir = catalogCopy();
    editYaml(join(dir, 'row-scope.yaml'), (config) => {
      config.tables.fact_badges = { org: 'org_id', user: 'user_id' };
    });
    await assertSqlFails(dir, ['status_options'], ['row-scope.yaml', '"fact_badges"']);
  });

  test('reports the problems of several queries at once', async () => {
    const dir = catalogCopy();
    const unused = validProbeQuery();
    unused.parameters['category'] = { type: 'stringList', maxItems: 10, maxLength: 64 };
    writeQuery(dir, 'probe_query', unused);
    const mistyped = validProbeQuery();
    mistyped.columns[0] = { name: 'user_id', type: 'integer' };
    writeQuery(dir, 'probe_query_two', mistyped);
    writeQuery(dir, 'probe_query_three', { sql: 'SELECT count(*) AS n FROM dim_teams', columns: [{ name: 'n', type: 'integer' }] });
    await assertSqlFails(
      dir,
      undefined, // the whole catalog: the shipped queries pass, the three new ones do not
      [AT, '"$category"', 'never uses'],
      ['query "probe_query_two"', 'column "user_id"', 'declared integer'],
      ['query "probe_query_three"', 'dim_teams'],
    );
  });
});

describe('loadCatalog', () => {
  test('rejects a panel naming an unknown query', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-rate').query = 'no_such_query';
    });
    assertLoadFails(dir, ['dashboard "learning-progress"', 'panel "completion-rate"', 'unknown query "no_such_query"']);
  });

  test('rejects a drill level naming an unknown query', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-by-category').drill[0].query = 'no_such_query';
    });
    assertLoadFails(dir, ['panel "completion-by-category" drill level 1', 'unknown query "no_such_query"']);
  });

  test('rejects a filter naming an unknown options query', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findFilter(d, 'status').options.query = 'no_such_options';
    });
    assertLoadFails(dir, ['dashboard "learning-progress"', 'filter "status"', 'unknown options query "no_such_options"']);
  });

  for (const missing of ['value', 'label'])
    test(`rejects a select filter whose options query returns no "${missing}" column`, () => {
      const dir = catalogCopy();
      editYaml(queryFile(dir, 'category_options'), (q) => {
        q.columns = (q.columns as Doc[]).map((c) => (c.name === missing ? { ...c, name: `${missing}_text` } : c));
      });
      assertLoadFails(dir, [
        'dashboard "learning-progress"',
        'filter "category"',
        `options query "category_options" must return a "${missing}" column`,
      ]);
    });

  test('rejects a filter kind that does not fit the type of a parameter of the same name', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findFilter(d, 'category').kind = 'select';
    });
    assertLoadFails(dir, [
      'dashboard "learning-progress"',
      'filter "category" is a select',
      'query "completion_by_category" declares it as stringList',
    ]);
  });

  test('rejects a query parameter whose type does not fit the filter of the same name', () => {
    const dir = catalogCopy();
    editYaml(queryFile(dir, 'status_breakdown'), (q) => {
      q.parameters.period = { type: 'date' };
    });
    assertLoadFails(dir, ['filter "period" is a dateRange', 'query "status_breakdown" declares it as date']);
  });

  test('rejects a drill level whose param is not a required parameter of its query', () => {
    const dir = catalogCopy();
    editYaml(queryFile(dir, 'course_learners'), (q) => {
      q.parameters.drill_course.required = false;
    });
    assertLoadFails(dir, [
      'panel "completion-by-category" drill level 2',
      'query "course_learners"',
      'drill parameter "drill_course"',
    ]);
  });

  test('rejects a drill level whose param its query does not declare at all', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-by-category').drill[0].param = 'drill_topic';
    });
    assertLoadFails(dir, ['panel "completion-by-category" drill level 1', 'drill parameter "drill_topic"']);
  });

  test('rejects a drill level whose "from" field the level above does not return', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-by-category').drill[0].from = 'category_name';
    });
    assertLoadFails(dir, [
      'panel "completion-by-category" drill level 1',
      'drills from "category_name"',
      'query "completion_by_category"',
    ]);
  });

  test('rejects a required parameter that no filter or drill feeds', () => {
    const dir = catalogCopy();
    editYaml(queryFile(dir, 'progress_kpis'), (q) => {
      q.parameters = { ...q.parameters, team: { type: 'string', maxLength: 64, required: true } };
    });
    assertLoadFails(dir, ['panel "completion-rate"', 'required parameter "team"', 'query "progress_kpis"']);
  });

  test('rejects a Vega-Lite encoding field the query does not return', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-by-category').spec.encoding.y.field = 'category_name';
    });
    assertLoadFails(dir, [
      'dashboard "learning-progress"',
      'panel "completion-by-category"',
      'reads "category_name"',
      'query "completion_by_category" does not return',
    ]);
  });

  test('rejects a chart spec that does not compile to Vega', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-by-category').drill[0].spec.mark = { type: 'bart' };
    });
    assertLoadFails(dir, ['dashboard "learning-progress"', 'panel "completion-by-category" drill level 1', 'does not compile']);
  });

  test('rejects a chart spec that compiles but is not valid Vega-Lite (the compiler drops what it does not know)', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'monthly-trend').spec.encoding.y.type = 'quantitativ';
      findPanel(d, 'status-breakdown').spec.encoding.thetaa = { field: 'enrolments', type: 'quantitative' };
    });
    const catalog = loadCatalog(dir);
    assert.deepEqual(checkChartSpecs(loadCatalog(DEFAULT_CATALOG_DIR)), [], 'the shipped specs are valid');
    const problems = checkChartSpecs(catalog);
    assert.ok(problems.some((p) => p.includes('panel "monthly-trend"') && p.includes('spec/encoding/y/type') && p.includes('quantitative')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('panel "status-breakdown"') && p.includes('spec/encoding')), problems.join('\n'));
  });

  test('rejects a local time unit: YYYY-MM-DD dates are UTC, so months would shift west of UTC', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'monthly-trend').spec.encoding.x.timeUnit = 'yearmonth';
      findPanel(d, 'monthly-trend').spec.encoding.tooltip[0].timeUnit = { unit: 'yearmonthdate' };
    });
    const problems = checkChartSpecs(loadCatalog(dir));
    assert.deepEqual(
      problems.filter((p) => p.includes('UTC time unit')).map((p) => p.split(': ')[2]?.split(' ')[0]),
      ['spec/encoding/x/timeUnit', 'spec/encoding/tooltip/0/timeUnit'],
      problems.join('\n'),
    );
  });

  test('compiles every chart to Vega that reads the named data source "table"', () => {
    for (const dashboard of loadCatalog(DEFAULT_CATALOG_DIR).dashboards.values())
      for (const panel of dashboard.panels)
        for (const view of [panel, ...(panel.drill ?? [])]) {
          if (view.type !== 'chart') {
            assert.equal(view.vega, undefined);
            continue;
          }
          const data = view.vega?.['data'] as { name: string }[] | undefined;
          assert.equal(data?.[0]?.name, 'table', `${dashboard.id}/${panel.id}`);
          assert.ok(Array.isArray(view.vega?.['marks']));
        }
  });

  test('rejects an encoding field nested in a tooltip list of a drill level', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-by-category').drill[0].spec.encoding.tooltip[0].field = 'course_title';
    });
    assertLoadFails(dir, ['panel "completion-by-category" drill level 1', 'reads "course_title"', 'query "completion_by_course"']);
  });

  test('rejects a KPI value and a table column the query does not return', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'enrolments').kpi.value = 'enrolment_count';
      findPanel(d, 'completion-by-category').drill[1].columns[0].field = 'learner_name';
    });
    assertLoadFails(
      dir,
      ['panel "enrolments"', 'reads "enrolment_count"', 'query "progress_kpis"'],
      ['panel "completion-by-category" drill level 2', 'reads "learner_name"', 'query "course_learners"'],
    );
  });

  test('rejects a table panel whose query has no paging', () => {
    const dir = catalogCopy();
    editYaml(queryFile(dir, 'course_learners'), (q) => {
      delete q.paging;
    });
    assertLoadFails(dir, ['panel "completion-by-category" drill level 2', 'a table needs a query with paging']);
  });

  test('a YAML syntax error names the file', () => {
    const dir = catalogCopy();
    const file = queryFile(dir, 'status_options');
    writeFileSync(file, 'id: status_options\nsql: [unclosed\ncolumns: {\n');
    assertLoadFails(dir, [file, 'not readable YAML']);
  });

  test('a schema error names the file and the field', () => {
    const dir = catalogCopy();
    editYaml(queryFile(dir, 'status_breakdown'), (q) => {
      q.maxRows = 0;
    });
    editYaml(dashboardFile(dir, 'compliance'), (d) => {
      d.panels[0].layout.x = 10;
      d.panels[0].layout.w = 4;
    });
    assertLoadFails(
      dir,
      [queryFile(dir, 'status_breakdown'), 'maxRows'],
      [dashboardFile(dir, 'compliance'), 'panels.0.layout.w', 'x + w'],
    );
  });

  test('rejects two query files with the same id', () => {
    const dir = catalogCopy();
    writeFileSync(queryFile(dir, 'zz_copy_of_status_options'), readFileSync(queryFile(dir, 'status_options'), 'utf8'));
    assertLoadFails(dir, [queryFile(dir, 'zz_copy_of_status_options'), 'query "status_options" is defined twice']);
  });

  test(
    'rejects an unknown field on a panel (panel views are declared strict)',
    () => {
      const dir = catalogCopy();
      editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
        findPanel(d, 'completion-rate').descripton = 'typo of description';
      });
      assertLoadFails(dir, [dashboardFile(dir, 'learning-progress'), 'panels.0', 'descripton']);
    },
  );

  test('reports every file problem at once, not just the first', () => {
    const dir = catalogCopy();
    const broken = queryFile(dir, 'status_options');
    writeFileSync(broken, 'id: status_options\nsql: [unclosed\n');
    editYaml(queryFile(dir, 'status_breakdown'), (q) => {
      q.timeoutMs = 5;
    });
    editYaml(queryFile(dir, 'progress_kpis'), (q) => {
      q.parameters.period = { type: 'dateRange', colour: 'red' };
    });
    editYaml(dashboardFile(dir, 'team-performance'), (d) => {
      d.title = '';
    });
    assertLoadFails(
      dir,
      [broken, 'not readable YAML'],
      [queryFile(dir, 'status_breakdown'), 'timeoutMs'],
      [queryFile(dir, 'progress_kpis'), 'parameters.period'],
      [dashboardFile(dir, 'team-performance'), 'title'],
    );
  });

  test('reports every cross-reference problem at once, across dashboards', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'completion-rate').query = 'no_such_query';
      findFilter(d, 'category').kind = 'select';
    });
    editYaml(dashboardFile(dir, 'compliance'), (d) => {
      d.panels[0].query = 'another_missing_query';
    });
    editYaml(queryFile(dir, 'course_learners'), (q) => {
      delete q.paging;
    });
    assertLoadFails(
      dir,
      ['dashboard "learning-progress"', 'unknown query "no_such_query"'],
      ['dashboard "learning-progress"', 'filter "category" is a select'],
      ['dashboard "compliance"', 'unknown query "another_missing_query"'],
      ['drill level 2', 'a table needs a query with paging'],
    );
  });
});

describe('cross-filter declarations', () => {
  test('the shipped dashboards each cross-filter through a multi-select filter', () => {
    const catalog = loadCatalog();
    for (const dashboard of catalog.dashboards.values()) {
      const sources = dashboard.panels.filter((panel) => panel.crossFilter);
      assert.ok(sources.length >= 1, `${dashboard.id} has no cross-filtering panel`);
      for (const panel of sources)
        assert.equal(dashboard.filters.find((f) => f.id === panel.crossFilter!.filter)?.kind, 'multiSelect');
    }
    const statusBreakdown = catalog.dashboards.get('learning-progress')!.panels.find((p) => p.id === 'status-breakdown')!;
    assert.deepEqual(statusBreakdown.crossFilter, { field: 'status', filter: 'status' });
  });

  test('rejects a filter the dashboard does not have', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'compliance'), (d) => {
      findPanel(d, 'overdue-by-organisation').crossFilter = { field: 'org_id', filter: 'category' };
    });
    assertLoadFails(dir, ['dashboard "compliance"', 'panel "overdue-by-organisation" crossFilter', 'filter "category" is not a filter']);
  });

  test('rejects a filter that is not a multi-select', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'monthly-trend').crossFilter = { field: 'month', filter: 'period' };
    });
    assertLoadFails(dir, ['panel "monthly-trend" crossFilter', 'filter "period" is a dateRange', 'needs a multiSelect filter']);
  });

  test('rejects a field the panel’s query does not return', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'status-breakdown').crossFilter = { field: 'state', filter: 'status' };
    });
    assertLoadFails(dir, ['panel "status-breakdown" crossFilter', 'field "state" is not a column query "status_breakdown" returns']);
  });

  test('rejects a field that is not a string column', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'status-breakdown').crossFilter = { field: 'enrolments', filter: 'status' };
    });
    assertLoadFails(dir, ['panel "status-breakdown" crossFilter', 'field "enrolments"', 'is integer']);
  });

  test('rejects a cross-filter whose filter feeds no other panel', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      d.panels = d.panels.filter((p: Doc) => ['status-breakdown', 'completion-rate'].includes(p.id));
      findPanel(d, 'completion-rate').query = 'compliance_kpis';
      findPanel(d, 'completion-rate').kpi.value = 'mandatory_completion_rate';
    });
    assertLoadFails(dir, ['panel "status-breakdown" crossFilter', 'filter "status" feeds no other panel']);
  });

  test('rejects an unknown key in a cross-filter declaration', () => {
    const dir = catalogCopy();
    editYaml(dashboardFile(dir, 'learning-progress'), (d) => {
      findPanel(d, 'status-breakdown').crossFilter = { field: 'status', filter: 'status', gesture: 'click' };
    });
    assertLoadFails(dir, ['learning-progress.yaml', 'crossFilter']);
  });
});
