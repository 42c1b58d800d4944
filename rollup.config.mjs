// Browser bundles of the workspace packages: `npx rollup -c`.
//
// Each entry of `bundles` becomes one self-contained ESM file (dependencies bundled in, minified,
// with a source map).
//
// TypeScript is transpiled by esbuild (rollup-plugin-esbuild), never by the `typescript` package:
// the repo uses the TypeScript 7 native compiler, which has no JavaScript API. Type-checking is
// `npm run typecheck`'s job. The esbuild plugin also resolves NodeNext-style `./x.js` imports to
// `./x.ts` sources.
import { existsSync, statSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

/** @type {{ name: string, input: string, file: string, external?: (string | RegExp)[] }[]} */
export const bundles = [
  { name: '@kineo/core', input: 'packages/core/src/index.ts', file: 'packages/core/dist/index.js' },
  // Node SDK: @kineo/core and zod bundled in, jose left to the package's dependencies.
  { name: '@kineo/node', input: 'packages/node/src/index.ts', file: 'packages/node/dist/index.js', external: [/^jose(\/|$)/] },
  // The script-tag bundle: every element registered, lit + modular Vega + core bundled in. The API
  // serves it at /elements/kineo.js; `npm run bench:bundle` measures it against vega-embed.
  { name: '@kineo/elements', input: 'packages/elements/src/kineo.ts', file: 'packages/elements/dist/kineo.js' },
];

/** Prints each written file's size (raw and gzipped) after the build. */
function reportSize(name) {
  return {
    name: 'report-size',
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (fileName.endsWith('.map')) continue;
        const path = options.dir ? `${options.dir}/${fileName}` : options.file;
        const bytes = statSync(path).size;
        const gzipped = gzipSync(readFileSync(path)).length;
        const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
        console.log(`${name}: ${relative(process.cwd(), path)} ${kb(bytes)} (gzip ${kb(gzipped)})`);
      }
    },
  };
}

/**
 * vega-transforms, vega-encode and vega-view-transforms ship one prebuilt file each, which rollup
 * cannot trim: every transform comes along. Their ESM sources (`index.js` + `src/`, in the npm
 * packages) are one module per transform without side effects, so only the transforms the chart
 * module registers are bundled.
 */
function vegaTransformSources() {
  const packages = ['vega-transforms', 'vega-encode', 'vega-view-transforms'];
  const inPackage = (id) => packages.some((name) => id.includes(`/node_modules/${name}/`));
  return {
    name: 'vega-transform-sources',
    async resolveId(source, importer) {
      if (packages.includes(source)) {
        // The packages' `exports` name only their prebuilt file, so the source entry is found by path.
        const entry = fileURLToPath(new URL(`./node_modules/${source}/index.js`, import.meta.url));
        if (!existsSync(entry)) throw new Error(`${source}: no ESM source entry at ${entry}`);
        return { id: entry, moduleSideEffects: false };
      }
      if (importer && inPackage(importer) && source.startsWith('.')) {
        const resolved = await this.resolve(source, importer, { skipSelf: true });
        return resolved && { ...resolved, moduleSideEffects: false };
      }
      return null;
    },
  };
}

/** @param {(typeof bundles)[number]} bundle @returns {import('rollup').RollupOptions} */
export function bundleConfig({ name, input, file, external = [] }) {
  return {
    input,
    external,
    plugins: [
      vegaTransformSources(),
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'], extensions: ['.ts', '.mjs', '.js', '.json'] }),
      esbuild({ target: 'es2022', minify: true, sourceMap: true, tsconfig: 'tsconfig.json' }),
      reportSize(name),
    ],
    output: { file, format: 'es', sourcemap: true },
    onwarn(warning, warn) {
      // Fail the build on unresolved imports instead of silently leaving them external.
      if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`${name}: ${warning.message}`);
      // Dependencies' own misplaced /*@__PURE__*/ comments and internal cycles (zod has both) are
      // not ours to fix; keep warnings about our sources.
      const inDependency = [warning.id, ...(warning.ids ?? [])].some((id) => id?.includes('/node_modules/'));
      if (inDependency && (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY')) return;
      warn(warning);
    },
  };
}

/**
 * @kineo/elements' npm entry points: one ESM module per source module (so applications tree-shake
 * and dedupe), its dependencies (lit, Vega, zod) left as imports, @kineo/core bundled in beside it
 * under dist/esm/core. Declarations: packages/elements/tsconfig.build.json.
 * @returns {import('rollup').RollupOptions}
 */
export function elementsModulesConfig() {
  return {
    input: { index: 'packages/elements/src/index.ts', kineo: 'packages/elements/src/kineo.ts' },
    external: [/^lit(\/|$)/, /^@lit\//, /^vega-/, /^zod(\/|$)/],
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'], extensions: ['.ts', '.mjs', '.js', '.json'] }),
      esbuild({ target: 'es2022', sourceMap: true, tsconfig: 'tsconfig.json' }),
    ],
    output: { dir: 'packages/elements/dist/esm', format: 'es', sourcemap: true, preserveModules: true, preserveModulesRoot: 'packages' },
    onwarn(warning, warn) {
      if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`@kineo/elements modules: ${warning.message}`);
      warn(warning);
    },
  };
}

export default [...bundles.map(bundleConfig), elementsModulesConfig()];
