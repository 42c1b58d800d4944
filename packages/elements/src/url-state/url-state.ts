import { canonicalJson } from '../state/filter-values.js';
import { parseViewState, describeIssues, type DashboardViewState } from '../state/view-state.js';

/** The query parameter holding one dashboard's state: `kd.<dashboard id>`. */
export function urlStateParameter(dashboardId: string): string {
  return `kd.${dashboardId}`;
}

/** True when the state is the dashboard's default view (nothing to put in a URL). */
export function isDefaultViewState(state: DashboardViewState): boolean {
  return Object.keys(state.filters).length === 0 && Object.keys(state.drill).length === 0 && !state.crossFilter;
}

/**
 * The state as compact JSON with a stable key order (`filters`, `drill`, `crossFilter`; keys
 * sorted inside), leaving out empty parts, so the same view always makes the same link.
 */
export function encodeViewState(state: DashboardViewState): string {
  const compact: Record<string, unknown> = {};
  if (Object.keys(state.filters).length > 0) compact['filters'] = JSON.parse(canonicalJson(state.filters));
  if (Object.keys(state.drill).length > 0) compact['drill'] = JSON.parse(canonicalJson(state.drill));
  if (state.crossFilter) compact['crossFilter'] = { panel: state.crossFilter.panel, filter: state.crossFilter.filter, values: state.crossFilter.values };
  return JSON.stringify(compact);
}

/**
 * Percent-encodes a query value like `encodeURIComponent`, then leaves the JSON punctuation that
 * is safe in a query (`{ } [ ] : ,`) readable.
 */
function encodeQueryValue(text: string): string {
  return encodeURIComponent(text).replace(/%(7B|7D|5B|5D|3A|2C)/g, (escape) => decodeURIComponent(escape));
}

/** Decodes one `key=value` segment of a query string the way `URLSearchParams` does. */
function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * `search` (a URL's `?…` part) with the parameter `name` set to `value`, or removed when `value`
 * is undefined. Every other parameter stays byte for byte as it was, in its place.
 */
export function withSearchParameter(search: string, name: string, value: string | undefined): string {
  const segments = search.replace(/^\?/, '').split('&').filter((segment) => segment.length > 0);
  const encoded = value === undefined ? undefined : `${encodeQueryValue(name)}=${encodeQueryValue(value)}`;
  let placed = false;
  const result: string[] = [];
  for (const segment of segments) {
    const key = decodeQueryComponent(segment.split('=', 1)[0]!);
    if (key !== name) {
      result.push(segment);
      continue;
    }
    if (!placed && encoded !== undefined) result.push(encoded);
    placed = true;
  }
  if (!placed && encoded !== undefined) result.push(encoded);
  return result.length > 0 ? `?${result.join('&')}` : '';
}

/** The result of reading a URL's state: none, a valid one, or one that was refused (and why). */
export type UrlStateRead = { kind: 'absent' } | { kind: 'state'; state: DashboardViewState } | { kind: 'invalid'; reason: string };

/** Reads and validates (core schemas) the state of `dashboardId` from a URL's query. */
export function readViewStateFromSearch(search: string, dashboardId: string): UrlStateRead {
  const raw = new URLSearchParams(search).get(urlStateParameter(dashboardId));
  if (raw === null) return { kind: 'absent' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', reason: 'it is not JSON' };
  }
  const parsed = parseViewState(json);
  return parsed.ok ? { kind: 'state', state: parsed.state } : { kind: 'invalid', reason: describeIssues(parsed.issues) };
}

/** `search` with the state of `dashboardId` written (removed for the default view). */
export function writeViewStateToSearch(search: string, dashboardId: string, state: DashboardViewState): string {
  return withSearchParameter(search, urlStateParameter(dashboardId), isDefaultViewState(state) ? undefined : encodeViewState(state));
}
