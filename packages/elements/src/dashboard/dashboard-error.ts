import { KineoApiError, TokenUnavailableError } from '../errors.js';

/** What the dashboard shows for an error of the whole dashboard: a sentence, and the detail when it adds something. */
export interface DashboardErrorText {
  title: string;
  detail?: string;
  /** The dashboard tries again by itself (a token or network failure). */
  retrying: boolean;
  /** Trying again could help; not for a dashboard that is refused (403) or does not exist (404). */
  retryable: boolean;
}

/**
 * A sentence a viewer understands for why the dashboard cannot be shown. The API's own message
 * (safe: it never holds a token) is kept as the detail for whoever has to fix it.
 */
export function describeDashboardError(error: Error | undefined): DashboardErrorText {
  if (error instanceof TokenUnavailableError)
    return { title: 'Could not sign in to the analytics service.', detail: error.message, retrying: true, retryable: true };
  if (error instanceof KineoApiError) {
    // The API says why (e.g. "… is not available to learners."); the detail gives its reason.
    if (error.status === 403) return { title: 'You do not have access to this dashboard.', detail: error.message, retrying: false, retryable: false };
    if (error.status === 404) return { title: 'This dashboard does not exist.', detail: error.message, retrying: false, retryable: false };
    // Cross-origin, the detail names both causes: the API is down, or it refuses this page's origin (see api-client.ts).
    if (error.code === 'network') return { title: 'The analytics service cannot be reached.', detail: error.message, retrying: true, retryable: true };
    if (error.status === 401) return { title: 'Your analytics session has ended.', detail: error.message, retrying: false, retryable: true };
  }
  return { title: 'The dashboard could not be loaded.', ...(error?.message && { detail: error.message }), retrying: false, retryable: true };
}
