import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElementBundle, ElementBundleFile } from '../routes/elements-routes.js';

/** Where `npm run build` writes the script-tag bundle, found from this file, not the working directory. */
export const ELEMENTS_DIST_DIR = fileURLToPath(new URL('../../../packages/elements/dist/', import.meta.url));

/**
 * The element bundle as files in a folder. Each read checks the file's modification time and size,
 * so a rebuild is served at once, while an unchanged file is read from disk only once.
 */
export function elementBundleDir(dir: string = ELEMENTS_DIST_DIR): ElementBundle {
  const cache = new Map<ElementBundleFile, { mtimeMs: number; size: number; text: string }>();
  return {
    async read(name) {
      const file = join(dir, name);
      try {
        const info = await stat(file);
        const cached = cache.get(name);
        if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.text;
        const text = await readFile(file, 'utf8');
        cache.set(name, { mtimeMs: info.mtimeMs, size: info.size, text });
        return text;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        cache.delete(name);
        return undefined;
      }
    },
  };
}
