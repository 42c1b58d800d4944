import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ELEMENTS_DIST_DIR, elementBundleDir } from './element-bundle-dir.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kineo-dist-'));
  dirs.push(dir);
  return dir;
}

describe('elementBundleDir', () => {
  test('is found from the repository, not the working directory', () => {
    assert.ok(ELEMENTS_DIST_DIR.endsWith(join('packages', 'elements', 'dist') + '/'), ELEMENTS_DIST_DIR);
    assert.ok(existsSync(join(ELEMENTS_DIST_DIR, '..', 'package.json')), 'next to the elements package');
  });

  test('reads a built file, follows a rebuild, and says when it is missing', async () => {
    const dir = tempDir();
    const bundle = elementBundleDir(dir);
    assert.equal(await bundle.read('kineo.js'), undefined, 'not built yet');

    const file = join(dir, 'kineo.js');
    writeFileSync(file, 'export const build = 1;\n');
    utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    assert.equal(await bundle.read('kineo.js'), 'export const build = 1;\n');

    // Same size, new modification time: still picked up.
    writeFileSync(file, 'export const build = 2;\n');
    utimesSync(file, new Date('2026-01-01T00:00:05Z'), new Date('2026-01-01T00:00:05Z'));
    assert.equal(await bundle.read('kineo.js'), 'export const build = 2;\n');

    rmSync(file);
    assert.equal(await bundle.read('kineo.js'), undefined, 'deleted again');
    assert.equal(await bundle.read('kineo.js.map'), undefined);
  });
});
