// After `tsc -p packages/elements/tsconfig.build.json`:
// - @kineo/core is bundled into @kineo/elements (not a published dependency), so the emitted
//   declarations' `@kineo/core` imports are rewritten to the core declarations emitted beside them
//   (dist/types/core/src/index.js);
// - the modular vega-* packages ship no types: our declarations of them (src/vega/vega-modules.d.ts,
//   which tsc does not emit) are copied beside the others and referenced from the entry points.
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const typesDir = fileURLToPath(new URL('../packages/elements/dist/types/', import.meta.url));
const coreIndex = join(typesDir, 'core/src/index.js');
let rewritten = 0;
for (const entry of readdirSync(join(typesDir, 'elements'), { withFileTypes: true, recursive: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  let target = relative(dirname(file), coreIndex);
  if (!target.startsWith('.')) target = `./${target}`;
  const linked = text.replace(/(from\s+|import\()(['"])@kineo\/core\2/g, `$1$2${target}$2`);
  if (linked !== text) {
    writeFileSync(file, linked);
    rewritten += 1;
  }
}
copyFileSync(
  fileURLToPath(new URL('../packages/elements/src/vega/vega-modules.d.ts', import.meta.url)),
  join(typesDir, 'elements/src/vega/vega-modules.d.ts'),
);
for (const entry of ['index.d.ts', 'kineo.d.ts']) {
  const file = join(typesDir, 'elements/src', entry);
  const reference = '/// <reference path="./vega/vega-modules.d.ts" />\n';
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(reference)) writeFileSync(file, reference + text);
}
console.log(`@kineo/elements: linked @kineo/core types in ${rewritten} declaration files; vega-* declarations referenced`);
