import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorBody } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import type { ElementBundle, ElementBundleFile } from './elements-routes.js';

/** An element bundle in memory: tests rebuild or delete it by changing `files`. */
const files: Partial<Record<ElementBundleFile, string>> = {};
const reads: ElementBundleFile[] = [];
const fakeBundle: ElementBundle = {
  async read(name) {
    reads.push(name);
    return files[name];
  },
};

let t: TestApp;
let unbuilt: TestApp;
before(async () => {
  t = await createTestApp({ elementsBundle: fakeBundle });
  unbuilt = await createTestApp();
});
after(async () => {
  await t.close();
  await unbuilt.close();
});

const get = (app: TestApp, path: string, headers: Record<string, string> = {}) => app.app.request(path, { headers });

describe('GET /elements/kineo.js', () => {
  test('serves the bundle as a public, cacheable, revalidatable module script', async () => {
    files['kineo.js'] = 'export const version = "1";\n';
    const response = await get(t, '/elements/kineo.js', { origin: 'https://any-host.example' });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), files['kineo.js']);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });

  test('304 for a matching If-None-Match; a rebuild changes the ETag and is served at once', async () => {
    files['kineo.js'] = 'export const version = "2";\n';
    const first = await get(t, '/elements/kineo.js');
    const etag = first.headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await get(t, '/elements/kineo.js', { 'if-none-match': ifNoneMatch });
      assert.equal(again.status, 304, ifNoneMatch);
      assert.equal(await again.text(), '');
      assert.equal(again.headers.get('etag'), etag);
      assert.equal(again.headers.get('cache-control'), 'public, max-age=300');
    }
    assert.equal((await get(t, '/elements/kineo.js', { 'if-none-match': '"stale"' })).status, 200);

    files['kineo.js'] = 'export const version = "3";\n';
    const rebuilt = await get(t, '/elements/kineo.js', { 'if-none-match': etag });
    assert.equal(rebuilt.status, 200, 'the old ETag no longer matches');
    assert.notEqual(rebuilt.headers.get('etag'), etag);
    assert.equal(await rebuilt.text(), files['kineo.js']);
  });

  test('the source map is served too, as JSON', async () => {
    files['kineo.js.map'] = '{"version":3,"sources":[],"mappings":""}';
    reads.length = 0;
    const response = await get(t, '/elements/kineo.js.map');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(reads, ['kineo.js.map']);
  });

  test('not built: 404 in the one error shape, telling how to build it', async () => {
    delete files['kineo.js'];
    for (const app of [t, unbuilt]) {
      const response = await get(app, '/elements/kineo.js');
      assert.equal(response.status, 404);
      const { error } = ErrorBody.parse(await response.json());
      assert.equal(error.code, 'not_found');
      assert.equal(error.message, 'The element bundle is not built: run `npm run build`.');
    }
  });

  test('only the bundle’s own files are served', async () => {
    files['kineo.js'] = 'export {};\n';
    reads.length = 0;
    for (const path of ['/elements/other.js', '/elements/../package.json', '/elements/kineo.js/..', '/elements/']) {
      const response = await get(t, path);
      assert.equal(response.status, 404, path);
    }
    assert.deepEqual(reads, [], 'no other name reaches the reader');
  });
});
