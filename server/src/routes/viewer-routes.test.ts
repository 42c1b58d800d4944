import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ErrorBody, ViewerResponse } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DEFAULT_TENANTS_FILE } from '../tenants/tenant-registry.js';

let t: TestApp;
/** acme may grant no permission at all; techcorp as shipped. */
before(async () => {
  const registry = parse(readFileSync(DEFAULT_TENANTS_FILE, 'utf8'));
  registry.tenants[0].permissions = [];
  const file = join(mkdtempSync(join(tmpdir(), 'kineo-reg-')), 'tenants.yaml');
  writeFileSync(file, stringify(registry));
  t = await createTestApp({ tenantsFile: file });
});
after(() => t.close());

async function viewer(token: string | undefined) {
  const response = await t.request('/v1/viewer', token);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('GET /v1/viewer', () => {
  test('tells who the token speaks for, what it grants and the tenant’s theme', async () => {
    const token = await t.token({ tenant: 'techcorp', role: 'manager', sub: 'techcorp-u000007', orgs: ['techcorp-o0002'], permissions: ['export'] });
    const { status, headers, body } = await viewer(token);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(headers.get('cache-control'), 'no-store');
    const tenant = t.config.tenants.get('techcorp')!;
    assert.deepEqual(ViewerResponse.parse(body), {
      tenant: { id: 'techcorp', displayName: 'TechCorp Software' },
      subject: 'techcorp-u000007',
      role: 'manager',
      permissions: ['export'],
      theme: tenant.theme,
    });
    assert.equal(body.theme.mode, 'dark');
    assert.equal(body.theme.primaryColor, '#6d28d9');
  });

  test('no permissions when the token carries none', async () => {
    const token = await t.token({ tenant: 'techcorp', role: 'learner', sub: 'techcorp-u000010' });
    assert.deepEqual(ViewerResponse.parse((await viewer(token)).body).permissions, []);
  });

  test('a host-signed token cannot grant a permission its tenant does not allow', async () => {
    const token = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
    const body = ViewerResponse.parse((await viewer(token)).body);
    assert.deepEqual(body.permissions, []);
    assert.equal(body.tenant.displayName, 'Acme Manufacturing');
  });

  test('without a valid token: 401 in the one error shape', async () => {
    const { status, body } = await viewer(undefined);
    assert.equal(status, 401);
    assert.equal(ErrorBody.parse(body).error.code, 'unauthenticated');
  });
});
