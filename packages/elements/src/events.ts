/**
 * The events Kineo elements fire on the page. Every one bubbles and is composed (it crosses shadow
 * roots), is dispatched on the `<kineo-dashboard>` (or on a standalone element that owns its own
 * data), and carries a typed `detail`; `GlobalEventHandlersEventMap` maps the names, so
 * `dashboard.addEventListener('kineo-drill', (event) => event.detail.path)` is typed in host code.
 * No detail ever carries a token.
 * @module
 */
import type { CrossFilterSelection, DrillPath, FilterValues } from '@kineo/core';
import { KineoApiError, TokenUnavailableError } from './errors.js';
import type { TokenRefreshDetail } from './token/token-manager.js';

/** `kineo-ready`: the first data of every panel arrived (or failed), once per dashboard. */
export interface KineoReadyDetail {
  /** The dashboard id. */
  dashboard: string;
  /** The panels that were loaded (all of the dashboard's, or the standalone element's). */
  panels: string[];
}

/** Who changed the filters. */
export type FilterChangeSource = 'filter-bar' | 'host' | 'url' | 'cross-filter';

/** `kineo-filter-change`: the user's filters or the cross-filter selection changed. */
export interface KineoFilterChangeDetail {
  /** The user's filter values now (cleared filters are absent). */
  filters: FilterValues;
  /** The cross-filter selection now, if there is one. */
  crossFilter?: CrossFilterSelection;
  source: FilterChangeSource;
}

/** `kineo-select`: a mark (or row) of a panel was selected by click or keyboard. */
export interface KineoSelectDetail {
  panel: string;
  /** The panel's drill level the datum belongs to (0 = top). */
  level: number;
  /** The selected datum's fields. */
  datum: Record<string, unknown>;
}

/** `kineo-drill`: a panel went down or up its drill path. */
export interface KineoDrillDetail {
  panel: string;
  /** The new depth (0 = top level). */
  level: number;
  /** The values clicked down to the new level. */
  path: DrillPath;
  direction: 'down' | 'up';
}

/** Where an error happened. */
export type KineoErrorSource = 'token' | 'definition' | 'data' | 'export' | 'options';

/** The serialisable part of an error: what a host logs or shows. */
export interface KineoErrorInfo {
  /** HTTP status of the API's answer; 0 when there was none (no token, network, refused locally). */
  status: number;
  /** The API's error code (`forbidden`, `bad_request`, …), or `token_unavailable`, `network`, `disposed`. */
  code: string;
  /** Safe to show and to log: never a token. */
  message: string;
}

/** `kineo-error`: something failed; the element shows it too. */
export interface KineoErrorDetail {
  error: KineoErrorInfo;
  /** The panel concerned, when the error is one panel's. */
  panel?: string;
  source: KineoErrorSource;
}

/** `kineo-token-refresh`: a new embed token arrived (its expiry only, never the token). */
export type KineoTokenRefreshDetail = TokenRefreshDetail;

/** Every Kineo event name and its detail type. */
export interface KineoEventMap {
  'kineo-ready': KineoReadyDetail;
  'kineo-filter-change': KineoFilterChangeDetail;
  'kineo-select': KineoSelectDetail;
  'kineo-drill': KineoDrillDetail;
  'kineo-error': KineoErrorDetail;
  'kineo-token-refresh': KineoTokenRefreshDetail;
}

export type KineoEventName = keyof KineoEventMap;

/** The names of every Kineo event, e.g. to forward them all. */
export const kineoEventNames: readonly KineoEventName[] = [
  'kineo-ready',
  'kineo-filter-change',
  'kineo-select',
  'kineo-drill',
  'kineo-error',
  'kineo-token-refresh',
];

/**
 * Dispatches a Kineo event (bubbling, composed, not cancelable) on `target`.
 * @returns The event, already dispatched.
 */
export function dispatchKineoEvent<K extends KineoEventName>(target: EventTarget, name: K, detail: KineoEventMap[K]): CustomEvent<KineoEventMap[K]> {
  const event = new CustomEvent<KineoEventMap[K]>(name, { detail, bubbles: true, composed: true });
  target.dispatchEvent(event);
  return event;
}

/** The `kineo-error` detail of any error a Kineo call rejected with. */
export function errorInfoOf(error: unknown): KineoErrorInfo {
  if (error instanceof KineoApiError) return { status: error.status, code: String(error.code), message: error.message };
  if (error instanceof TokenUnavailableError)
    return { status: error.status ?? 0, code: error.reason === 'disposed' ? 'disposed' : 'token_unavailable', message: error.message };
  if (error instanceof Error) return { status: 0, code: 'internal', message: error.message };
  return { status: 0, code: 'internal', message: String(error) };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'kineo-ready': CustomEvent<KineoReadyDetail>;
    'kineo-filter-change': CustomEvent<KineoFilterChangeDetail>;
    'kineo-select': CustomEvent<KineoSelectDetail>;
    'kineo-drill': CustomEvent<KineoDrillDetail>;
    'kineo-error': CustomEvent<KineoErrorDetail>;
    'kineo-token-refresh': CustomEvent<KineoTokenRefreshDetail>;
  }
}
