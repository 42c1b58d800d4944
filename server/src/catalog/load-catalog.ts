import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DashboardDefinition } from '@kineo/core';
import { RowScopeConfig } from '../scope/scope-config.js';
import { QueryDefinition } from './query-definition.js';
import { CatalogError, type Catalog } from './catalog.js';
import { crossCheckCatalog } from './cross-check-catalog.js';
import { compileChartSpecs } from './compile-chart-specs.js';

/** The catalog shipped with the server: three dashboards over the gold model. */
export const DEFAULT_CATALOG_DIR = new URL('../../catalog/', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function readEntry<T extends z.core.$ZodType>(file: string, schema: T, problems: string[]): z.output<T> | undefined {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not readable YAML (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const parsed = z.safeParse(schema, raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return undefined;
}

/**
 * Reads `queries/*.yaml`, `dashboards/*.yaml` and `row-scope.yaml` from `dir`, validates each
 * against its schema, cross-checks references between them and compiles every chart to Vega. Throws a CatalogError listing
 * every problem; the server does not start with a partly valid catalog.
 */
export function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Catalog {
  const problems: string[] = [];
  const queries = new Map<string, QueryDefinition>();
  const dashboards = new Map<string, DashboardDefinition>();
  for (const file of yamlFiles(join(dir, 'queries'))) {
    const query = readEntry(file, QueryDefinition, problems);
    if (!query) continue;
    if (queries.has(query.id)) problems.push(`${file}: id: query "${query.id}" is defined twice`);
    queries.set(query.id, query);
  }
  for (const file of yamlFiles(join(dir, 'dashboards'))) {
    const dashboard = readEntry(file, DashboardDefinition, problems);
    if (!dashboard) continue;
    if (dashboards.has(dashboard.id)) problems.push(`${file}: id: dashboard "${dashboard.id}" is defined twice`);
    dashboards.set(dashboard.id, dashboard);
  }
  const rowScope = readEntry(join(dir, 'row-scope.yaml'), RowScopeConfig, problems);
  if (problems.length > 0 || !rowScope) throw new CatalogError(problems);
  const crossProblems = crossCheckCatalog({ queries, dashboards, rowScope });
  const compiled = new Map([...dashboards].map(([id, dashboard]) => [id, compileChartSpecs(dashboard, crossProblems)]));
  if (crossProblems.length > 0) throw new CatalogError(crossProblems);
  return { queries, dashboards: compiled, rowScope };
}
