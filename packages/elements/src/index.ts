/**
 * @kineo/elements: the browser side of Kineo Embed. This entry has no side effects: it exports the
 * element classes without registering them (import `@kineo/elements/elements.js`, or load the
 * script-tag bundle `dist/kineo.js`, to register every tag), the dashboard state, the embed-token
 * lifecycle and the typed API client.
 * @module
 */
export { KineoDashboard } from './dashboard/dashboard.component.js';
export { KineoFilterBar } from './filter-bar/filter-bar.component.js';
export { KineoBreadcrumbs } from './breadcrumbs/breadcrumbs.component.js';
export { KineoPanel } from './panel/panel.component.js';
export { KineoChart } from './chart/chart.component.js';
export { KineoKpi } from './kpi/kpi.component.js';
export { KineoTable } from './table/table.component.js';
export { defineElement } from './define.js';

export { dispatchKineoEvent, errorInfoOf, kineoEventNames } from './events.js';
export type {
  FilterChangeSource,
  KineoDrillDetail,
  KineoErrorDetail,
  KineoErrorInfo,
  KineoErrorSource,
  KineoEventMap,
  KineoEventName,
  KineoFilterChangeDetail,
  KineoReadyDetail,
  KineoSelectDetail,
  KineoTokenRefreshDetail,
} from './events.js';

export { DashboardStore } from './state/dashboard-store.js';
export type { DashboardStoreOptions } from './state/dashboard-store.js';
export type { DashboardViewState } from './state/view-state.js';
export { dashboardContext } from './state/dashboard-context.js';
export type { DashboardContextValue, DashboardController, DashboardSnapshot, PanelState } from './state/dashboard-context.js';

export { themeStyles, themeProperties } from './theme/theme-styles.js';
export { tenantThemeStyle } from './theme/tenant-theme.js';
export { readChartTheme } from './theme/chart-theme.js';
export type { ThemeMode } from './theme/theme-mode.js';
export { formatValue } from './format/format-value.js';
export type { ChartHandle, ChartTheme, RenderChartOptions } from './vega/index.js';

export { KineoApiClient, filenameOfContentDisposition } from './api/api-client.js';
export type { ExportedFile, KineoApiClientOptions, KineoRequestOptions } from './api/api-client.js';
export { TokenManager, systemClock, REFRESH_RETRY_MS } from './token/token-manager.js';
export type { TokenClock, TokenManagerOptions, TokenRefreshDetail } from './token/token-manager.js';
export { sharedTokenManager, releaseSharedTokenManager, tokenManagerKey } from './token/shared-token-manager.js';
export { fetchToken, fetchTokenFromUrl, TOKEN_URL_TIMEOUT_MS } from './token/token-source.js';
export type { FetchTokenOptions, IssuedToken, TokenProvider, TokenProviderResult, TokenSource } from './token/token-source.js';
export { planTokenLifetime, REFRESH_AT_FRACTION, REFRESH_MARGIN_MS, MIN_USE_FRACTION } from './token/token-lifetime.js';
export type { TokenLifetime } from './token/token-lifetime.js';
export { readJwtTimes } from './token/jwt-claims.js';
export type { JwtTimes } from './token/jwt-claims.js';
export { KineoApiError, KineoError, TokenSourceError, TokenUnavailableError } from './errors.js';
export type { KineoApiErrorCode, TokenSourceFailure } from './errors.js';
