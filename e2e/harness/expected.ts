// What a persona should see, worked out without the API: the figures straight from the tenant's
// DuckDB file (opened read-only, narrowed to the persona's rows by ScopeReference, which walks the
// organisation tree itself rather than using the server's scoping), and the dashboards from the
// catalog and tenant registry files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DemoPersona } from '../../server/src/demo-data/personas.js';
import type { RowScope } from '../../server/src/scope/row-scope.js';
import { ScopeReference } from '../../server/src/testing/scope-reference.js';
import { shippedRegistry } from './demo-data.js';
import { repoRoot } from './repo.js';

/** Who a user is, as far as their rows go. */
export type ScopedUser = Pick<DemoPersona, 'sub' | 'role' | 'orgs'>;

/** The rows a user may see, from their role alone (the architecture's row-scope rules). */
export function scopeOf(persona: ScopedUser): RowScope {
  switch (persona.role) {
    case 'admin':
      return { kind: 'tenant' };
    case 'manager':
      return { kind: 'organisations', orgs: persona.orgs ?? [] };
    case 'analyst':
      return persona.orgs?.length ? { kind: 'organisations', orgs: persona.orgs } : { kind: 'tenant' };
    case 'learner':
      return { kind: 'user', userId: persona.sub };
  }
}

export interface Counts {
  enrolments: number;
  completions: number;
}

/** The learning-progress figures: its KPIs, its completion-by-category bars and one category's courses. */
export interface LearningProgressFigures extends Counts {
  overdue: number;
  /** By category name. */
  byCategory: Map<string, Counts>;
  /** By course id, for `options.category` only (empty without it). */
  byCourse: Map<string, Counts>;
}

/** Narrows the figures as the dashboard's status filter (or a status cross-filter) does. */
export interface FigureOptions {
  status?: string;
  /** The category whose courses to count (the drill's first level). */
  category?: string;
}

/**
 * Counts enrolments (course progress rows) in the user's scope of `tenant`'s data. Values are SQL
 * literals here, not parameters: they come from the test itself, and ScopeReference binds only the
 * parameters its SQL names.
 */
export async function learningProgressFigures(
  dataDir: string,
  tenant: string,
  persona: ScopedUser,
  options: FigureOptions = {},
): Promise<LearningProgressFigures> {
  const namespace = shippedRegistry().tenants.find((t) => t.id === tenant)!.namespace;
  const reference = await ScopeReference.create(dataDir, namespace, scopeOf(persona));
  const where = options.status ? `WHERE p.status = ${literal(options.status)}` : '';
  const counts = `count(*) AS enrolments, count(*) FILTER (WHERE p.status = 'completed') AS completions`;
  const from = 'FROM fact_course_progress p JOIN dim_courses c ON c.course_id = p.course_id';
  try {
    const totals = await reference.run(`SELECT ${counts}, count(*) FILTER (WHERE p.status = 'overdue') AS overdue ${from} ${where}`, {});
    const categories = await reference.run(`SELECT c.category AS key, ${counts} ${from} ${where} GROUP BY c.category`, {});
    const courses = options.category
      ? await reference.run(
          `SELECT c.course_id AS key, ${counts} ${from} ${where ? `${where} AND` : 'WHERE'} c.category = ${literal(options.category)} GROUP BY c.course_id`,
          {},
        )
      : undefined;
    const totalsRow = rowsOf(totals)[0]!;
    return {
      enrolments: Number(totalsRow['enrolments']),
      completions: Number(totalsRow['completions']),
      overdue: Number(totalsRow['overdue']),
      byCategory: countsByKey(categories),
      byCourse: courses ? countsByKey(courses) : new Map(),
    };
  } finally {
    reference.close();
  }
}

type Result = Awaited<ReturnType<ScopeReference['run']>>;

function rowsOf(result: Result): Record<string, unknown>[] {
  return Array.from({ length: result.rowCount }, (_, row) => Object.fromEntries(result.columns.map((column, c) => [column.name, result.data[c]![row]])));
}

function countsByKey(result: Result): Map<string, Counts> {
  return new Map(rowsOf(result).map((row) => [String(row['key']), { enrolments: Number(row['enrolments']), completions: Number(row['completions']) }]));
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** What a chart draws, keyed like the figures: `key` field → its enrolments and completions. */
export function drawnCounts(data: Record<string, unknown>[], key: string): Map<string, Counts> {
  return new Map(data.map((datum) => [String(datum[key]), { enrolments: Number(datum['enrolments']), completions: Number(datum['completions']) }]));
}

/** The catalog's dashboards: id, title and the roles that may open them (absent: every role). */
function catalogDashboard(id: string): { id: string; title: string; roles?: string[] } {
  return parse(readFileSync(join(repoRoot, 'server/catalog/dashboards', `${id}.yaml`), 'utf8'));
}

/** The dashboards a persona may open, in the tenant registry's order, with their titles. */
export function expectedDashboards(tenant: string, persona: Pick<DemoPersona, 'role'>): { id: string; title: string }[] {
  const ids = shippedRegistry().tenants.find((t) => t.id === tenant)!.dashboards;
  return ids
    .map(catalogDashboard)
    .filter((dashboard) => !dashboard.roles || dashboard.roles.includes(persona.role))
    .map(({ id, title }) => ({ id, title }));
}
