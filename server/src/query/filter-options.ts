import type { DashboardDefinition, FilterOption, FilterOptionsResponse } from '@kineo/core';
import { bindQueryParameters, type ParameterInput } from '../catalog/query-parameters.js';
import type { EmbedAuth } from '../http/context.js';
import { ApiError } from '../http/api-error.js';
import { effectiveFilters } from './effective-filters.js';
import { runScoped, scopedStatement, type QueryServices } from './scoped-run.js';

/**
 * The choices of one dashboard filter, from its options query under the token's row scope (a
 * manager sees only organisations of their subtree). Locked filters feed the query like any other
 * request, and a locked filter offers only its locked values.
 */
export async function filterOptions(
  services: QueryServices,
  auth: EmbedAuth,
  dashboard: DashboardDefinition,
  filterId: string,
  signal?: AbortSignal,
): Promise<FilterOptionsResponse> {
  const filter = dashboard.filters.find((f) => f.id === filterId);
  if (!filter) throw new ApiError('not_found', `Dashboard "${dashboard.id}" has no filter "${filterId}".`);
  const query = services.catalog.queries.get(filter.options.query)!;
  const filters = effectiveFilters(dashboard, {}, auth.lockedFilters);
  const inputs = new Map<string, ParameterInput>();
  for (const [id, value] of filters) inputs.set(id, { path: `token.filters.${id}`, value });
  const { params, issues } = bindQueryParameters(query, inputs);
  // Locked values are server-side claims; a misfit is the token's fault, not the browser's.
  if (issues.length > 0) throw new ApiError('forbidden', 'The token locks a filter to a value this dashboard cannot use.');

  const result = await runScoped(services, auth, scopedStatement(services, auth, query, params), {
    maxRows: query.maxRows,
    timeoutMs: query.timeoutMs,
    signal,
  });
  const column = (name: string) => result.data[result.columns.findIndex((c) => c.name === name)];
  const locked = filterId in auth.lockedFilters;

  if (filter.kind === 'dateRange') {
    const min = (column('min')?.[0] ?? null) as string | null;
    const max = (column('max')?.[0] ?? null) as string | null;
    return { filter: filterId, kind: 'dateRange', range: { min, max }, locked };
  }
  const values = column('value')!;
  const labels = column('label')!;
  const depths = column('depth');
  let options: FilterOption[] = values.map((value, i) => ({
    value: String(value),
    label: String(labels[i]),
    ...(depths ? { depth: Number(depths[i]) } : {}),
  }));
  if (locked) {
    const allowed = new Set([auth.lockedFilters[filterId]].flat().map(String));
    options = options.filter((option) => allowed.has(option.value));
  }
  return { filter: filterId, kind: filter.kind, options, locked };
}
