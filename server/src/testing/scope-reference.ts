import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CellValue, QueryResult } from '@kineo/core';
import type { RowScope } from '../scope/row-scope.js';
import type { SqlParams } from '../engines/engine.js';
import { readResult } from '../engines/duckdb/duckdb-engine.js';
import { toDuckDBBindings } from '../engines/duckdb/duckdb-values.js';

export interface OrgNode {
  orgId: string;
  parentId: string | null;
  level: number;
}

/**
 * The ground truth for row scope, built without the server's scoping code: a fresh database
 * holding only the rows a scope may see. Subtrees are walked through `parent_org_id` (the server
 * uses materialised paths), and user rows follow each user's own organisation.
 */
export class ScopeReference {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(dataDir: string, namespace: string, scope: RowScope): Promise<ScopeReference> {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(`ATTACH '${join(dataDir, `${namespace}.duckdb`)}' AS src (READ_ONLY)`);
    for (const table of ['dataset_info', 'dim_courses']) await c.run(`CREATE TABLE ${table} AS SELECT * FROM src.${table}`);

    let users: string;
    let orgs: string;
    if (scope.kind === 'tenant') {
      users = 'SELECT user_id FROM src.dim_users';
      orgs = 'SELECT org_id FROM src.dim_organizations';
    } else if (scope.kind === 'user') {
      users = `SELECT user_id FROM src.dim_users WHERE user_id = ${literal(scope.userId)}`;
      orgs = `SELECT org_id FROM src.dim_users WHERE user_id = ${literal(scope.userId)}`;
    } else {
      const tree = await orgTree(c);
      const visible = descendants(tree, scope.orgs);
      await c.run('CREATE TABLE visible_orgs (org_id VARCHAR)');
      if (visible.size > 0) await c.run(`INSERT INTO visible_orgs VALUES ${[...visible].map((id) => `(${literal(id)})`).join(',')}`);
      orgs = 'SELECT org_id FROM visible_orgs';
      users = `SELECT user_id FROM src.dim_users WHERE org_id IN (${orgs})`;
    }
    await c.run(`CREATE TABLE dim_organizations AS SELECT * FROM src.dim_organizations WHERE org_id IN (${orgs})`);
    await c.run(`CREATE TABLE dim_users AS SELECT * FROM src.dim_users WHERE user_id IN (${users})`);
    for (const fact of ['fact_course_progress', 'fact_certifications'])
      await c.run(`CREATE TABLE ${fact} AS SELECT * FROM src.${fact} WHERE user_id IN (${users})`);
    await c.run('DETACH src');
    return new ScopeReference(instance, c);
  }

  /** Runs unscoped SQL over the visible rows only. */
  async run(sql: string, params: SqlParams): Promise<Pick<QueryResult, 'columns' | 'data' | 'rowCount'>> {
    const statement = await this.connection.prepare(sql);
    try {
      const used: Record<string, SqlParams[string]> = {};
      for (let i = 1; i <= statement.parameterCount; i++) {
        const name = statement.parameterName(i);
        used[name] = params[name]!;
      }
      const { values, types } = toDuckDBBindings(used);
      statement.bind(values, types);
      return await readResult(statement, 100_000);
    } finally {
      statement.destroySync();
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export async function orgTree(c: DuckDBConnection, schema = 'src'): Promise<OrgNode[]> {
  const reader = await c.runAndReadAll(`SELECT org_id, parent_org_id, level FROM ${schema}.dim_organizations`);
  return reader.getRows().map(([orgId, parentId, level]) => ({
    orgId: String(orgId),
    parentId: parentId === null ? null : String(parentId),
    level: Number(level),
  }));
}

/** The given organisations and everything below them, found by walking parent links. */
export function descendants(tree: readonly OrgNode[], roots: readonly string[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const node of tree) if (node.parentId) children.set(node.parentId, [...(children.get(node.parentId) ?? []), node.orgId]);
  const known = new Set(tree.map((n) => n.orgId));
  const found = new Set<string>();
  const stack = roots.filter((id) => known.has(id));
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}

/** Rows of a columnar result as sorted JSON lines: equal sets of rows compare equal whatever their order. */
export function rowSet(result: Pick<QueryResult, 'columns' | 'data' | 'rowCount'>): string[] {
  const rows: string[] = [];
  for (let r = 0; r < result.rowCount; r++) rows.push(JSON.stringify(result.data.map((column) => column[r] as CellValue)));
  return rows.sort();
}
