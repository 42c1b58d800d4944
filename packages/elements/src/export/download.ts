/**
 * Browser-side downloads: a chart image (a data URL from the Vega view) or an exported file (a Blob
 * the API client fetched with the token in a header). Nothing here ever puts a token in a URL.
 * @module
 */

/** The file extensions Kineo downloads. */
export type DownloadExtension = 'png' | 'svg' | 'csv' | 'xlsx';

/** `<dashboard>-<panel>.<extension>`, e.g. `learning-progress-completion-by-category.png`. */
export function exportFileName(dashboardId: string, panelId: string, extension: DownloadExtension): string {
  return `${dashboardId}-${panelId}.${extension}`;
}

/**
 * Saves `url` (a `data:` or `blob:` URL) as `filename` through a temporary `<a download>`, the one
 * way that works in every browser without a pop-up. The anchor is added to `document.body` for the
 * click (Firefox ignores clicks on detached anchors) and removed right after.
 */
export function downloadUrl(url: string, filename: string, document: Document = globalThis.document): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  anchor.hidden = true;
  document.body.append(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
  }
}

/**
 * Saves a Blob as `filename`. Its object URL is revoked a moment later: revoking it in the same
 * task can cancel the download in some browsers.
 */
export function downloadBlob(blob: Blob, filename: string, document: Document = globalThis.document): void {
  const url = URL.createObjectURL(blob);
  try {
    downloadUrl(url, filename, document);
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
