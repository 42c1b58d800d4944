// For tests: builds the rollup bundles they load (the elements' script-tag bundle, @kineo/node)
// with the repository's rollup config when missing or older than their sources, so a test run on
// its own never uses a stale build. `npm test` has built them already; then this does nothing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface BundleEntry {
  name: string;
  input: string;
  file: string;
  external?: (string | RegExp)[];
}

/** The source folders each bundle is built from. */
const SOURCES: Record<string, string[]> = {
  '@kineo/elements': ['packages/elements/src', 'packages/core/src'],
  '@kineo/node': ['packages/node/src', 'packages/core/src'],
  '@kineo/core': ['packages/core/src'],
};

/** Newest modification time of the non-test files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.ts$/.test(entry.name)) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * Rebuilds those of the named bundles that are missing or stale. `serialise` wraps the build, e.g.
 * in a file lock, when test files starting side by side could write the same bundle at once.
 */
export async function ensureBundlesBuilt(
  names: readonly (keyof typeof SOURCES)[],
  serialise: (build: () => Promise<void>) => Promise<void> = (build) => build(),
): Promise<void> {
  const { bundles, bundleConfig } = (await import(pathToFileURL(join(repoRoot, 'rollup.config.mjs')).href)) as {
    bundles: BundleEntry[];
    bundleConfig(entry: BundleEntry): { plugins: { name: string }[]; output: unknown };
  };
  const configChanged = statSync(join(repoRoot, 'rollup.config.mjs')).mtimeMs;
  const stale = () =>
    names
      .map((name) => {
        const entry = bundles.find((bundle) => bundle.name === name);
        if (!entry) throw new Error(`rollup.config.mjs has no bundle ${name}`);
        const out = join(repoRoot, entry.file);
        const sourcesChanged = Math.max(configChanged, ...SOURCES[name]!.map((dir) => newest(join(repoRoot, dir))));
        return existsSync(out) && statSync(out).mtimeMs >= sourcesChanged ? undefined : entry;
      })
      .filter((entry) => entry !== undefined);
  if (stale().length === 0) return;

  await serialise(async () => {
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
