import type { DashboardDefinition, PanelDefinition, PanelView } from '@kineo/core';
import type { RowScopeConfig } from '../scope/scope-config.js';
import type { QueryDefinition } from './query-definition.js';

/** The validated, read-only set of dashboards and queries the API may serve. */
export interface Catalog {
  queries: ReadonlyMap<string, QueryDefinition>;
  dashboards: ReadonlyMap<string, DashboardDefinition>;
  rowScope: RowScopeConfig;
}

/** A panel and its drill levels as one list: level 0 is the panel itself. */
export function panelLevels(panel: PanelDefinition): PanelView[] {
  return [panel, ...(panel.drill ?? [])];
}

/** Thrown at start-up with one line per problem, each naming the file and field. */
export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`The catalog is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CatalogError';
  }
}
