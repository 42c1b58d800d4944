/**
 * Bundle benchmark: what a browser downloads to render a dashboard with `<script type="module"
 * src=".../elements/kineo.js">`, against the usual way of rendering Vega-Lite in a page (vega-embed
 * with vega-lite and vega), both bundled the same way in this process: rollup + esbuild minify,
 * one ESM file, gzip level 9 (brotli shown too).
 *
 *   npx tsx bench/bundle-bench.ts
 *
 * Prints both sizes, their ratio, the budget check, and the largest packages inside kineo.js, then
 * one `BENCH_SUMMARY {json}` line. It asserts nothing about speed; it exits non-zero only when a
 * bundle fails to build.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { rollup, type OutputChunk } from 'rollup';
// @ts-expect-error: rollup.config.mjs is plain JS without types.
import { bundleConfig, bundles } from '../rollup.config.mjs';

const BUDGET_GZIP_BYTES = 200 * 1024;

interface BundleSpec {
  name: string;
  input: string;
  file: string;
  external?: (string | RegExp)[];
}

interface Measured {
  name: string;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  /** Rendered (pre-minification) bytes per npm package (or `(ours)`), largest first. */
  byPackage: [string, number][];
}

async function measure(spec: BundleSpec): Promise<Measured> {
  const options = bundleConfig(spec);
  // Measure without the size-report plugin's console output.
  options.plugins = options.plugins.filter((plugin: { name?: string }) => plugin?.name !== 'report-size');
  const build = await rollup(options);
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  const chunks = output.filter((item): item is OutputChunk => item.type === 'chunk');
  const code = chunks.map((chunk) => chunk.code).join('\n');
  const bytes = Buffer.from(code);
  const byPackage = new Map<string, number>();
  for (const chunk of chunks)
    for (const [id, module] of Object.entries(chunk.modules)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
      const name = match ? match[1]! : '(ours)';
      byPackage.set(name, (byPackage.get(name) ?? 0) + module.renderedLength);
    }
  return {
    name: spec.name,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    byPackage: [...byPackage].sort((a, b) => b[1] - a[1]),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const kineo = (bundles as BundleSpec[]).find((bundle) => bundle.name === '@kineo/elements');
  if (!kineo) throw new Error('rollup.config.mjs has no @kineo/elements bundle');

  // Inside the repo (gitignored), so the baseline entry resolves packages from node_modules.
  const scratch = fileURLToPath(new URL('../.kineo-bundle-bench/', import.meta.url));
  mkdirSync(scratch, { recursive: true });
  try {
    // The baseline a page would otherwise load: vega-embed, which brings vega-lite and vega.
    const baselineEntry = join(scratch, 'vega-embed-entry.js');
    writeFileSync(baselineEntry, "export { default } from 'vega-embed';\n");
    const results = [
      await measure(kineo),
      await measure({ name: 'vega-embed + vega-lite + vega', input: baselineEntry, file: join(scratch, 'vega-embed.js') }),
    ];
    const [ours, baseline] = results as [Measured, Measured];

    console.log('Script-tag bundle vs vega-embed, both rollup + esbuild minify, one ESM file\n');
    console.log(`${'bundle'.padEnd(34)}${'minified'.padStart(12)}${'gzip -9'.padStart(12)}${'brotli 11'.padStart(12)}`);
    for (const r of results) console.log(`${r.name.padEnd(34)}${kb(r.rawBytes).padStart(12)}${kb(r.gzipBytes).padStart(12)}${kb(r.brotliBytes).padStart(12)}`);
    const ratio = ours.gzipBytes / baseline.gzipBytes;
    console.log(`\nratio kineo.js / vega-embed stack (gzip): ${ratio.toFixed(3)}`);
    console.log(`budget: ${kb(ours.gzipBytes)} of ${kb(BUDGET_GZIP_BYTES)} gzip (${ours.gzipBytes <= BUDGET_GZIP_BYTES ? 'within' : 'OVER'})`);
    const rendered = ours.byPackage.reduce((sum, [, bytes]) => sum + bytes, 0);
    console.log('\nlargest packages inside kineo.js (share of its code before minification):');
    for (const [name, bytes] of ours.byPackage.slice(0, 12))
      console.log(`  ${name.padEnd(28)}${`${((100 * bytes) / rendered).toFixed(1)} %`.padStart(8)}`);
    console.log(
      `BENCH_SUMMARY ${JSON.stringify({
        kineoGzipBytes: ours.gzipBytes,
        baselineGzipBytes: baseline.gzipBytes,
        ratio: Number(ratio.toFixed(4)),
        budgetGzipBytes: BUDGET_GZIP_BYTES,
        withinBudget: ours.gzipBytes <= BUDGET_GZIP_BYTES,
      })}`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
