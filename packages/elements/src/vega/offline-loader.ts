import type { VegaLoader } from 'vega-view';

function refuse(uri: string): Promise<never> {
  return Promise.reject(new Error(`Charts draw only the rows the API sent; they load nothing from "${uri}".`));
}

/**
 * Vega's loader for embedded charts: it refuses every URL. A chart's rows come from the API
 * (`table`), so a spec naming data, image or link URLs is not one the catalog ships, and the
 * browser of the host page never fetches on a spec's behalf.
 */
export const offlineLoader: VegaLoader = {
  load: refuse,
  sanitize: refuse,
  http: refuse,
  file: refuse,
};
