import { Hono } from 'hono';
import { ApiError } from '../http/api-error.js';

export const elementBundleFiles = ['kineo.js', 'kineo.js.map'] as const;
export type ElementBundleFile = (typeof elementBundleFiles)[number];

/**
 * Where the built element bundle comes from. The app only reads through this, so it stays free of
 * Node imports; the Node server reads `packages/elements/dist/` (see element-bundle-files.ts).
 */
export interface ElementBundle {
  /** The file's text, or undefined when it is not built. */
  read(name: ElementBundleFile): Promise<string | undefined>;
}

const contentTypes: Record<ElementBundleFile, string> = {
  'kineo.js': 'text/javascript; charset=utf-8',
  'kineo.js.map': 'application/json; charset=utf-8',
};

const encoder = new TextEncoder();

async function etagOf(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  return `"${hex}"`;
}

/** True when an `If-None-Match` header names this ETag (or `*`); weak validators match too. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * `GET /elements/kineo.js` and `/elements/kineo.js.map`: the script-tag bundle of the elements.
 * Public code, so readable from any origin (module scripts load in CORS mode); cached for five
 * minutes and revalidated by ETag, so a rebuild reaches browsers soon.
 */
export function elementsRoutes(bundle: ElementBundle | undefined): Hono {
  const app = new Hono();
  // The ETag of the text last served for each file: a digest per rebuild, not per request.
  const etags = new Map<ElementBundleFile, { text: string; etag: string }>();

  for (const name of elementBundleFiles)
    app.get(`/elements/${name}`, async (c) => {
      const text = await bundle?.read(name);
      if (text === undefined) throw new ApiError('not_found', 'The element bundle is not built: run `npm run build`.');
      let known = etags.get(name);
      if (known?.text !== text) etags.set(name, (known = { text, etag: await etagOf(text) }));
      const headers = {
        ETag: known.etag,
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      };
      if (matches(c.req.header('if-none-match'), known.etag)) return c.body(null, 304, headers);
      return c.body(text, 200, { ...headers, 'Content-Type': contentTypes[name] });
    });

  return app;
}
