import { createContext } from '@lit/context';
import type {
  CrossFilterSelection,
  DashboardDefinition,
  DrillPath,
  ExportFormat,
  FilterOptionsResponse,
  FilterValues,
  PageRequest,
  QueryResult,
  TenantTheme,
  ViewerResponse,
} from '@kineo/core';
import type { KineoApiClient } from '../api/api-client.js';
import type { KineoError } from '../errors.js';
import type { FilterChangeSource } from '../events.js';

/** One panel's data at its current drill level. */
export interface PanelState {
  status: 'loading' | 'ready' | 'error';
  /** The last rows received; kept while a newer request loads, so panels do not flash empty. */
  result?: QueryResult;
  error?: KineoError;
}

/**
 * What `<kineo-dashboard>` (or a panel element used on its own) provides to its descendants: an
 * immutable snapshot, replaced on every change, plus the controller that changes it.
 */
export interface DashboardSnapshot {
  dashboardId: string;
  /** Overall: `loading` until the definition and the viewer arrive; `error` if either failed. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  error?: KineoError;
  definition?: DashboardDefinition;
  viewer?: ViewerResponse;
  /** The tenant theme (from `viewer`) unless the host overrides it. */
  theme?: TenantTheme;
  /** BCP 47 locale for number and date formats (`locale` attribute, else the document's, else the browser's). */
  locale: string;
  /** The user's filter values (the token's locked filters are applied by the API on top). */
  filters: FilterValues;
  /** Values clicked down each panel's drill path (absent: top level). */
  drill: Readonly<Record<string, DrillPath>>;
  /**
   * What to show for each value of `drill` (e.g. a course's name for its clicked `course_id`), when
   * the selected datum had a readable name for it; a state restored from a link has none.
   */
  drillLabels?: Readonly<Record<string, readonly (string | undefined)[]>>;
  crossFilter?: CrossFilterSelection;
  panels: Readonly<Record<string, PanelState>>;
  /** True when the token grants `export` (the UI hides export actions otherwise). */
  canExport: boolean;
}

/** The actions panels, the filter bar and breadcrumbs call; each one updates the snapshot. */
/**
 * What selecting a mark should do: `auto` drills when the panel's level can, else cross-filters;
 * `filter` (Shift+click, Shift+Enter) cross-filters even on a panel that drills.
 */
export type SelectIntent = 'auto' | 'filter';

export interface DashboardController {
  readonly api: KineoApiClient;
  /**
   * Sets the given filters (each value replaces that filter's; null or an empty value clears it;
   * filters not named keep their value); reloads data; fires `kineo-filter-change` with `source`
   * (default `host`). Invalid values change nothing and fire `kineo-error` (source `data`).
   */
  setFilters(filters: FilterValues, source?: FilterChangeSource): void;
  /** Clicked `value` (of the current level's `from` field) on a panel: one level down; fires `kineo-drill`. */
  drillDown(panelId: string, value: string | number): void;
  /** Back to `depth` (0 = top) on a panel's drill path (breadcrumbs); fires `kineo-drill`. */
  drillTo(panelId: string, depth: number): void;
  /** A mark was selected (click or keyboard): fires `kineo-select`, then drills or cross-filters. */
  select(panelId: string, datum: Readonly<Record<string, unknown>>, intent?: SelectIntent): void;
  clearCrossFilter(): void;
  /** Reloads every panel with the current state. */
  refresh(): Promise<void>;
  /** One page of a table panel at its current drill level and filters (server paging and sort). */
  loadPage(panelId: string, page: PageRequest, signal?: AbortSignal): Promise<QueryResult>;
  /** Downloads a panel's rows (current level and filters) as a file; needs `canExport`. */
  exportPanel(panelId: string, format: ExportFormat): Promise<void>;
  filterOptions(filterId: string, signal?: AbortSignal): Promise<FilterOptionsResponse>;
}

export interface DashboardContextValue {
  snapshot: DashboardSnapshot;
  controller: DashboardController;
}

export const dashboardContext = createContext<DashboardContextValue | undefined>(Symbol('kineo-dashboard'));
