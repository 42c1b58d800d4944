import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { servicePrincipalGrants, tenantNamespace } from './tenant-namespaces.js';

describe('tenantNamespace', () => {
  it('gives each tenant a catalog of its own, tables in schema gold, in the catalog layout', () => {
    assert.deepEqual(tenantNamespace('acme', { kind: 'catalog', catalogPrefix: 'kineo_' }), {
      tenant: 'acme',
      catalog: 'kineo_acme',
      schema: 'gold',
      namespace: 'kineo_acme.gold',
    });
  });

  it('gives each tenant a schema of the shared catalog in the schema layout', () => {
    assert.equal(tenantNamespace('techcorp', { kind: 'schema', catalog: 'kineo' }).namespace, 'kineo.techcorp');
  });

  it('refuses names the tenant registry would not accept', () => {
    for (const [tenant, layout] of [
      ['acme', { kind: 'catalog', catalogPrefix: 'Kineo_' }],
      ['acme', { kind: 'catalog', catalogPrefix: 'kineo-' }],
      ['acme-corp', { kind: 'schema', catalog: 'kineo' }],
      ['acme', { kind: 'schema', catalog: 'kineo.shared' }],
      ['acme', { kind: 'schema', catalog: '1kineo' }],
      ['a'.repeat(64), { kind: 'schema', catalog: 'kineo' }],
    ] as const)
      assert.throws(() => tenantNamespace(tenant, layout), /not a Databricks namespace the tenant registry accepts/, `${tenant} ${JSON.stringify(layout)}`);
  });
});

describe('servicePrincipalGrants', () => {
  it('grants USE CATALOG once per catalog, USE SCHEMA and SELECT per tenant schema, and nothing else', () => {
    const layout = { kind: 'schema', catalog: 'kineo' } as const;
    const grants = servicePrincipalGrants([tenantNamespace('acme', layout), tenantNamespace('techcorp', layout)], 'app-123');
    assert.deepEqual(grants, [
      'GRANT USE CATALOG ON CATALOG `kineo` TO `app-123`;',
      'GRANT USE SCHEMA ON SCHEMA `kineo`.`acme` TO `app-123`;',
      'GRANT SELECT ON SCHEMA `kineo`.`acme` TO `app-123`;',
      'GRANT USE SCHEMA ON SCHEMA `kineo`.`techcorp` TO `app-123`;',
      'GRANT SELECT ON SCHEMA `kineo`.`techcorp` TO `app-123`;',
    ]);
  });

  it('names the catalog of every tenant in the catalog layout', () => {
    const layout = { kind: 'catalog', catalogPrefix: 'kineo_' } as const;
    const grants = servicePrincipalGrants([tenantNamespace('acme', layout), tenantNamespace('techcorp', layout)], 'app-123');
    assert.deepEqual(
      grants.filter((grant) => grant.includes('USE CATALOG')),
      ['GRANT USE CATALOG ON CATALOG `kineo_acme` TO `app-123`;', 'GRANT USE CATALOG ON CATALOG `kineo_techcorp` TO `app-123`;'],
    );
    for (const grant of grants) assert.match(grant, /^GRANT (USE CATALOG ON CATALOG|USE SCHEMA ON SCHEMA|SELECT ON SCHEMA) \S+ TO `app-123`;$/);
  });

  it('quotes the principal as one identifier', () => {
    const [grant] = servicePrincipalGrants([tenantNamespace('acme', { kind: 'schema', catalog: 'kineo' })], 'odd`name');
    assert.equal(grant, 'GRANT USE CATALOG ON CATALOG `kineo` TO `odd``name`;');
  });
});
