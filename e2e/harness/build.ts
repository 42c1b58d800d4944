// The built files the pages load: the elements' script-tag bundle (served by the API at
// /elements/kineo.js) and @kineo/node (which the portal and the LMS page import). Built here with
// the repository's rollup config when missing or older than their sources, so the tests never run
// against a stale bundle; `npm test` has built them already and this finds nothing to do.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withLock } from './lock.js';
import { E2E_DATA_DIR, repoRoot } from './repo.js';

interface BundleEntry {
  name: string;
  input: string;
  file: string;
  external?: (string | RegExp)[];
}

/** Each bundle the pages need, with the source folders it is built from. */
const NEEDED: { name: string; sources: string[] }[] = [
  { name: '@kineo/elements', sources: ['packages/elements/src', 'packages/core/src'] },
  { name: '@kineo/node', sources: ['packages/node/src', 'packages/core/src'] },
];

/** Newest modification time of the non-test files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.ts$/.test(entry.name)) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Rebuilds the bundles that are missing or stale. */
export async function ensureBuilt(): Promise<void> {
  const { bundles, bundleConfig } = (await import(pathToFileURL(join(repoRoot, 'rollup.config.mjs')).href)) as {
    bundles: BundleEntry[];
    bundleConfig(entry: BundleEntry): { plugins: { name: string }[]; output: unknown };
  };
  const configChanged = statSync(join(repoRoot, 'rollup.config.mjs')).mtimeMs;
  const stale = () =>
    NEEDED.map(({ name, sources }) => {
      const entry = bundles.find((bundle) => bundle.name === name);
      if (!entry) throw new Error(`rollup.config.mjs has no bundle ${name}`);
      const out = join(repoRoot, entry.file);
      const sourcesChanged = Math.max(configChanged, ...sources.map((dir) => newest(join(repoRoot, dir))));
      return existsSync(out) && statSync(out).mtimeMs >= sourcesChanged ? undefined : entry;
    }).filter((entry) => entry !== undefined);
  if (stale().length === 0) return;

  // Test files starting side by side must not write the same bundle at once.
  await withLock(join(E2E_DATA_DIR, 'build.lock'), async () => {
    const { rollup } = await import('rollup');
    for (const entry of stale()) {
      const config = bundleConfig({ ...entry, input: join(repoRoot, entry.input), file: join(repoRoot, entry.file) });
      config.plugins = config.plugins.filter((plugin) => plugin.name !== 'report-size');
      const bundle = await rollup(config as Parameters<typeof rollup>[0]);
      try {
        await bundle.write(config.output as Parameters<typeof bundle.write>[0]);
      } finally {
        await bundle.close();
      }
    }
  });
}
