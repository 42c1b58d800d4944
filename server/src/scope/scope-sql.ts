import type { SqlParam } from '../engines/engine.js';
import type { SqlDialect } from '../engines/dialect.js';
import type { RowScope } from './row-scope.js';
import type { RowScopeConfig } from './scope-config.js';

export interface ScopeSql {
  /** `name AS (…)` common table expressions that shadow each scoped table with its visible rows. */
  ctes: string[];
  params: Record<string, SqlParam>;
}

/**
 * Common table expressions that restrict every scoped table to the rows `scope` allows. They
 * take the tables' own names, so catalog SQL (which names tables unqualified) reads the
 * restricted rows without knowing it is scoped and cannot forget to be. Inside a CTE its own
 * name still refers to the underlying table. Values are bound: `$scope_orgs`, `$scope_user`.
 */
export function scopeSql(scope: RowScope, config: RowScopeConfig, dialect: SqlDialect): ScopeSql {
  if (scope.kind === 'tenant') return { ctes: [], params: {} };
  const q = dialect.quote;
  const { organizations: orgs, users } = config;
  const ctes: string[] = [];
  let params: Record<string, SqlParam>;
  let visibleOrgs: string;

  if (scope.kind === 'organisations') {
    params = { scope_orgs: { type: 'varchar[]', value: [...scope.orgs] } };
    ctes.push(
      `kineo_scope_orgs AS (SELECT o.${q(orgs.id)} AS org_id FROM ${q(orgs.table)} AS o ` +
        `WHERE EXISTS (SELECT 1 FROM ${q(orgs.table)} AS a ` +
        `WHERE ${dialect.listContains('$scope_orgs', `a.${q(orgs.id)}`)} AND ${dialect.startsWith(`o.${q(orgs.path)}`, `a.${q(orgs.path)}`)}))`,
    );
    visibleOrgs = 'SELECT org_id FROM kineo_scope_orgs';
  } else {
    params = { scope_user: { type: 'varchar', value: scope.userId } };
    ctes.push(
      `kineo_scope_orgs AS (SELECT ${q(users.org)} AS org_id FROM ${q(users.table)} WHERE ${q(users.id)} = $scope_user)`,
    );
    visibleOrgs = 'SELECT org_id FROM kineo_scope_orgs';
  }

  for (const [table, columns] of Object.entries(config.tables)) {
    const predicate =
      scope.kind === 'user' && columns.user
        ? `${q(columns.user)} = $scope_user`
        : `${q(columns.org)} IN (${visibleOrgs})`;
    ctes.push(`${q(table)} AS (SELECT * FROM ${q(table)} WHERE ${predicate})`);
  }
  return { ctes, params };
}
