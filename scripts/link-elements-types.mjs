// After `tsc -p packages/elements/tsconfig.build.json`: @kineo/core is bundled into
// @kineo/elements (not a published dependency), so the emitted declarations' `@kineo/core` imports
// are rewritten to the core declarations emitted beside them (dist/types/core/src/index.js).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
console.log(`@kineo/elements: linked @kineo/core types in ${rewritten} declaration files`);
