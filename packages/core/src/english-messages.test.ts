// The schemas are zod/mini, which carries no issue messages of its own: core installs zod's English
// locale. These tests run in a process that never loads classic zod (which would install English
// itself, as it does on the server), so they see what a browser sees.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { rollup, type OutputChunk, type Plugin } from 'rollup';
// @ts-expect-error: rollup.config.mjs is plain JS without types.
import { bundleConfig } from '../../../rollup.config.mjs';
import { CatalogId, PageRequest, QueryRequest } from './index.js';

type Issue = { code: string; path: PropertyKey[]; message: string };
type Result = { success: true; data: unknown } | { success: false; error: { issues: Issue[] } };

function issuesOf(result: Result): Issue[] {
  assert.equal(result.success, false, 'the input should be rejected');
  return result.success ? [] : result.error.issues.map(({ code, path, message }) => ({ code, path, message }));
}

/** The `issues` export of the ES module at `url`, imported in a worker thread. */
function inWorker(url: string): Promise<unknown> {
  const script = `import(${JSON.stringify(url)}).then((m) => require('node:worker_threads').parentPort.postMessage(m.issues))`;
  const worker = new Worker(script, { eval: true });
  return new Promise((resolve, reject) => {
    worker.once('message', (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('issue messages of @kineo/core without classic zod', () => {
  it('are zod’s English ones for generic issues', () => {
    assert.deepEqual(issuesOf(PageRequest.safeParse({ limit: 501, sort: { column: '' } })), [
      { code: 'too_big', path: ['limit'], message: 'Too big: expected number to be <=500' },
      { code: 'too_small', path: ['sort', 'column'], message: 'Too small: expected string to have >=1 characters' },
    ]);
    assert.deepEqual(issuesOf(QueryRequest.safeParse({ dashboard: 'sales', panel: 7, sql: 'SELECT 1' })), [
      { code: 'invalid_type', path: ['panel'], message: 'Invalid input: expected string, received number' },
      { code: 'unrecognized_keys', path: [], message: 'Unrecognized key: "sql"' },
    ]);
  });

  it('keep the schemas’ own explicit messages', () => {
    assert.deepEqual(issuesOf(CatalogId.safeParse('Sales')), [
      { code: 'invalid_format', path: [], message: 'must be a lower-case slug (a-z, 0-9, "-", "_"), starting with a letter' },
    ]);
  });

  it('survive tree-shaking when a bundle imports a single schema', async () => {
    // Core's package.json says "sideEffects": false, so a bundler drops the top-level statements of
    // a module none of whose exports is used (index.ts, say): the locale must be installed in a
    // module the schemas are built from. Like the elements' bundle, the (virtual) entry sits outside
    // the package and imports it by name, which is when that flag applies.
    const entryId = fileURLToPath(new URL('../../../__core-consumer-entry.js', import.meta.url));
    const entry: Plugin = {
      name: 'single-schema-entry',
      resolveId: (id) => (id === entryId ? id : null),
      load: (id) =>
        id === entryId
          ? "import { PageRequest } from '@kineo/core';\n" +
            'export const issues = PageRequest.safeParse({ limit: 501 }).error?.issues.map(({ code, path, message }) => ({ code, path, message }));\n'
          : null,
    };
    const options = bundleConfig({ name: 'single-schema', input: entryId, file: 'unused.js' });
    options.plugins = [entry, ...options.plugins.filter((plugin: { name?: string }) => plugin?.name !== 'report-size')];
    const build = await rollup(options);
    const { output } = await build.generate({ format: 'es' });
    await build.close();
    const code = (output.find((item) => item.type === 'chunk') as OutputChunk).code;
    assert.doesNotMatch(code, /\bimport\s*[\s{*"'(]/, 'zod is bundled in, not imported');
    // zod keeps its configuration on globalThis, shared by every copy in a realm, and this process
    // has installed English already: run the bundle in a worker, a realm of its own.
    const issues = await inWorker(`data:text/javascript,${encodeURIComponent(code)}`);
    assert.deepEqual(issues, [{ code: 'too_big', path: ['limit'], message: 'Too big: expected number to be <=500' }]);
  });
});
