import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSigningKeySet } from '../auth/api-signing-keys.js';
import { testSigningKey } from '../testing/signing-key.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { VerificationKey } from '../auth/key-ring.js';
import { parse, stringify } from 'yaml';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { Catalog } from '../catalog/catalog.js';
import { buildKeyRing } from '../auth/key-ring.js';
import { developmentSecretFile } from '../auth/development-secrets.js';
import { xmlProblems } from '../testing/xml-well-formed.js';
import { DEFAULT_TENANTS_FILE, loadTenantRegistry, TenantRegistryError, type TenantRegistry } from './tenant-registry.js';

// Each test writes a copy of the shipped registry with one change and expects a problem line
// that starts with the bad field's path.

type Doc = any;

const tempDirs: string[] = [];
let catalog: Catalog;

before(() => {
  catalog = loadCatalog();
});
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const shipped = (): Doc => parse(readFileSync(DEFAULT_TENANTS_FILE, 'utf8'));

/** Writes the shipped registry, changed by `edit`, to a temporary file. */
function registryFile(edit: (registry: Doc) => void = () => {}): string {
  const registry = shipped();
  edit(registry);
  const file = join(tempDir('kineo-tenants-'), 'tenants.yaml');
  writeFileSync(file, stringify(registry));
  return file;
}

/** Whether a problem line is about `path` or a field under it (`tenants.0.hostKeys.0.secret.env: …`). */
const atPath = (line: string, path: string) => line.startsWith(`${path}: `) || line.startsWith(`${path}.`);

/** A validator: a TenantRegistryError with, per expectation, a line at `<path>` containing the fragments. */
function registryProblems(file: string, ...expected: [path: string, ...fragments: string[]][]): (error: unknown) => true {
  return (error: unknown) => {
    assert.ok(error instanceof TenantRegistryError, `expected a TenantRegistryError, got ${String(error)}`);
    assert.equal(error.file, file);
    for (const [path, ...fragments] of expected)
      assert.ok(
        error.problems.some((line) => atPath(line, path) && fragments.every((f) => line.includes(f))),
        `no problem line "${path}: …${fragments.join('…')}" in:\n  ${error.problems.join('\n  ')}`,
      );
    return true;
  };
}

function assertRegistryFails(edit: (registry: Doc) => void, ...expected: [path: string, ...fragments: string[]][]): void {
  const file = registryFile(edit);
  assert.throws(() => loadTenantRegistry(file, catalog), registryProblems(file, ...expected));
}

describe('the shipped tenant registry', () => {
  test('loads with tenants acme and techcorp, each enabled for the three dashboards', () => {
    const registry = loadTenantRegistry(DEFAULT_TENANTS_FILE, catalog);
    assert.deepEqual(registry.all().map((t) => t.id), ['acme', 'techcorp']);
    for (const id of ['acme', 'techcorp']) {
      const tenant = registry.get(id);
      assert.ok(tenant, id);
      assert.equal(tenant.namespace, id);
      assert.deepEqual([...tenant.dashboards].sort(), ['compliance', 'learning-progress', 'team-performance']);
      assert.equal(tenant.engine, 'duckdb');
    }
    assert.equal(registry.get('globex'), undefined);
  });

  test('allows the demo origins: each tenant its own page, and the portal (:8790) both', () => {
    const registry = loadTenantRegistry(DEFAULT_TENANTS_FILE, catalog);
    const loopback = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
    assert.deepEqual(registry.get('acme')!.allowedOrigins, [...loopback(8788), ...loopback(8790)]);
    assert.deepEqual(registry.get('techcorp')!.allowedOrigins, [...loopback(8789), ...loopback(8790)]);
  });

  test('each tenant has a logo: a well-formed inline SVG in its own colours', () => {
    for (const tenant of loadTenantRegistry(DEFAULT_TENANTS_FILE, catalog).all()) {
      const { logoUrl, primaryColor, accentColor } = tenant.theme;
      assert.ok(logoUrl !== undefined && logoUrl.startsWith('data:image/svg+xml,'), `${tenant.id}: ${logoUrl}`);
      const svg = decodeURIComponent(logoUrl.slice('data:image/svg+xml,'.length));
      assert.deepEqual(xmlProblems(svg), [], tenant.id);
      assert.match(svg, /^<svg xmlns='http:\/\/www\.w3\.org\/2000\/svg' /);
      for (const colour of [primaryColor, accentColor!]) assert.ok(svg.includes(`'${colour}'`), `${tenant.id} logo uses ${colour}`);
      assert.ok(!/<script|\son\w+=|href=/i.test(svg), `${tenant.id}: nothing active in the logo`);
    }
  });

  test('an unchanged copy of it loads too', () => {
    assert.equal(loadTenantRegistry(registryFile(), catalog).all().length, 2);
  });
});

describe('loadTenantRegistry rejects', () => {
  const badOrigins = [
    ['a path', 'http://localhost:8789/embed'],
    ['a trailing slash', 'http://localhost:8789/'],
    ['a scheme other than http(s)', 'ftp://files.techcorp.example'],
    ['no scheme', 'localhost:8789'],
    ['a query string', 'https://intranet.techcorp.example?x=1'],
  ] as const;
  for (const [what, origin] of badOrigins)
    test(`an allowed origin with ${what}`, () => {
      assertRegistryFails(
        (r) => {
          r.tenants[1].allowedOrigins[1] = origin;
        },
        ['tenants.1.allowedOrigins.1', 'must be an origin'],
      );
    });

  test('(but accepts an https origin with a port)', () => {
    const file = registryFile((r) => {
      r.tenants[1].allowedOrigins.push('https://intranet.techcorp.example:8443');
    });
    assert.equal(loadTenantRegistry(file, catalog).get('techcorp')?.allowedOrigins.at(-1), 'https://intranet.techcorp.example:8443');
  });

  for (const namespace of ['Acme', '../x', 'a-b', '1acme', ''])
    test(`a namespace that is not an identifier: ${JSON.stringify(namespace)}`, () => {
      assertRegistryFails(
        (r) => {
          r.tenants[0].namespace = namespace;
        },
        ['tenants.0.namespace', 'lower-case identifier'],
      );
    });

  for (const namespace of ['acme', 'kineo_acme.gold.extra', 'Kineo.gold', 'kineo_acme.', '`a`.b'])
    test(`a Databricks namespace that is not catalog.schema: ${JSON.stringify(namespace)}`, () => {
      assertRegistryFails(
        (r) => {
          r.tenants[0].engine = 'databricks';
          r.tenants[0].namespace = namespace;
        },
        ['tenants.0.namespace', 'catalog.schema', 'databricks engine'],
      );
    });

  test('a Databricks tenant names its catalog and schema', () => {
    const file = registryFile((r) => {
      r.tenants[0].engine = 'databricks';
      r.tenants[0].namespace = 'customer_001_acme.gold';
    });
    const acme = loadTenantRegistry(file, catalog).get('acme')!;
    assert.equal(acme.engine, 'databricks');
    assert.equal(acme.namespace, 'customer_001_acme.gold');
  });

  test('an engine the server does not have', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[0].engine = 'snowflake';
      },
      ['tenants.0.engine'],
    );
  });

  test('a duplicate tenant id', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[1].id = 'acme';
      },
      ['tenants.1.id', 'duplicate id "acme"'],
    );
  });

  test('a duplicate namespace', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[1].namespace = 'acme';
      },
      ['tenants.1.namespace', 'duplicate namespace "acme"'],
    );
  });

  test('a host key kid used by two tenants', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[1].hostKeys[0].kid = 'acme-dev';
      },
      ['tenants.1.hostKeys.0.kid', 'kid "acme-dev" is used twice'],
    );
  });

  test('a host key kid used twice by one tenant', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[0].hostKeys.push({ kid: 'acme-dev', alg: 'HS256', secret: { env: 'ACME_EMBED_SECRET' } });
      },
      ['tenants.0.hostKeys.1.kid', 'kid "acme-dev" is used twice'],
    );
  });

  const badSecrets: [string, unknown][] = [
    ['an inline secret string', randomBytes(32).toString('base64url')],
    ['an inline secret value', { value: randomBytes(32).toString('base64url') }],
    ['an env source with an extra inline value', { env: 'ACME_EMBED_SECRET', value: 'x'.repeat(43) }],
    ['an env name that is not an environment variable name', { env: 'acme-secret' }],
    ['a generated secret outside development', { generate: 'production' }],
  ];
  for (const [what, secret] of badSecrets)
    test(`an HS256 host key with ${what}`, () => {
      assertRegistryFails(
        (r) => {
          r.tenants[0].hostKeys[0].secret = secret;
        },
        ['tenants.0.hostKeys.0.secret'],
      );
    });

  test('(but accepts an HS256 key whose secret comes from an environment variable)', () => {
    const file = registryFile((r) => {
      r.tenants[0].hostKeys[0].secret = { env: 'ACME_EMBED_SECRET' };
    });
    assert.deepEqual(loadTenantRegistry(file, catalog).get('acme')?.hostKeys[0], {
      kid: 'acme-dev',
      alg: 'HS256',
      secret: { env: 'ACME_EMBED_SECRET' },
    });
  });

  const publicKey = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };

  test('(but accepts an EdDSA host key with a public JWK)', () => {
    const file = registryFile((r) => {
      r.tenants[1].hostKeys.push({ kid: 'techcorp-ed', alg: 'EdDSA', publicKey });
    });
    assert.equal(loadTenantRegistry(file, catalog).get('techcorp')?.hostKeys.length, 2);
  });

  test('a public host key that holds its private part "d"', () => {
    // The schema is strict, so "d" is rejected as an unrecognized key (its "must be a public key"
    // refinement never gets to run): either way the line names the publicKey path and "d".
    assertRegistryFails(
      (r) => {
        r.tenants[1].hostKeys.push({
          kid: 'techcorp-ed',
          alg: 'EdDSA',
          publicKey: { ...publicKey, d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A' },
        });
      },
      ['tenants.1.hostKeys.1.publicKey', '"d"'],
    );
  });

  test('a public host key that carries an inline secret as well', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[1].hostKeys.push({ kid: 'techcorp-ed', alg: 'EdDSA', publicKey, secret: { env: 'X_SECRET' } });
      },
      ['tenants.1.hostKeys.1', 'secret'],
    );
  });

  test('a dashboard id that is not in the catalog', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[0].dashboards[1] = 'sales-overview';
      },
      ['tenants.0.dashboards.1', 'no dashboard "sales-overview" in the catalog'],
    );
  });

  test('an unknown top-level field', () => {
    assertRegistryFails(
      (r) => {
        r.defaults = { theme: { primaryColor: '#000000' } };
      },
      ['(root)', 'Unrecognized key', '"defaults"'],
    );
  });

  test('an unknown field on a tenant', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[1].colour = '#6d28d9';
      },
      ['tenants.1', 'Unrecognized key', '"colour"'],
    );
  });

  test('an empty dashboards list', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[0].dashboards = [];
      },
      ['tenants.0.dashboards'],
    );
  });

  test('an empty tenants list', () => {
    assertRegistryFails(
      (r) => {
        r.tenants = [];
      },
      ['tenants'],
    );
  });

  for (const [field, colour] of [
    ['primaryColor', 'blue'],
    ['primaryColor', '#fff'],
    ['accentColor', '#f59e0b80'],
    ['accentColor', 'f59e0b'],
  ] as const)
    test(`a theme ${field} of ${JSON.stringify(colour)}`, () => {
      assertRegistryFails(
        (r) => {
          r.tenants[0].theme[field] = colour;
        },
        [`tenants.0.theme.${field}`, 'must be a colour'],
      );
    });

  for (const logoUrl of [
    'javascript:alert(1)',
    'http://cdn.acme.example/logo.svg',
    'data:text/html,<script>alert(1)</script>',
    'data:image/svg',
    'ftp://files.acme.example/logo.png',
    'not a url',
  ])
    test(`a theme logoUrl of ${JSON.stringify(logoUrl)}`, () => {
      assertRegistryFails(
        (r) => {
          r.tenants[0].theme.logoUrl = logoUrl;
        },
        ['tenants.0.theme.logoUrl'],
      );
    });

  test('(but accepts an https logo, an http one on localhost, and inline PNG or SVG)', () => {
    for (const logoUrl of [
      'https://cdn.acme.example/logo.svg',
      'http://localhost:8790/logo.png',
      'data:image/png;base64,iVBORw0KGgo=',
      "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
    ]) {
      const file = registryFile((r) => {
        r.tenants[0].theme.logoUrl = logoUrl;
      });
      assert.equal(loadTenantRegistry(file, catalog).get('acme')?.theme.logoUrl, logoUrl);
    }
  });

  test('a file that is not YAML', () => {
    const file = join(tempDir('kineo-tenants-'), 'tenants.yaml');
    writeFileSync(file, 'tenants:\n  - id: acme\n    dashboards: [learning-progress\n');
    assert.throws(
      () => loadTenantRegistry(file, catalog),
      (error: unknown) => {
        assert.ok(error instanceof TenantRegistryError);
        assert.equal(error.file, file);
        assert.match(error.problems.join('\n'), /not readable YAML/);
        assert.match(error.message, new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        return true;
      },
    );
  });

  test('several bad fields at once, each on its own line', () => {
    const file = registryFile((r) => {
      r.tenants[0].allowedOrigins[0] = 'http://localhost:8788/';
      r.tenants[0].theme.primaryColor = 'blue';
      r.tenants[1].namespace = 'Tech-Corp';
      r.tenants[1].hostKeys[0].kid = 'acme-dev';
    });
    assert.throws(
      () => loadTenantRegistry(file, catalog),
      registryProblems(
        file,
        ['tenants.0.allowedOrigins.0', 'must be an origin'],
        ['tenants.0.theme.primaryColor', 'must be a colour'],
        ['tenants.1.namespace', 'lower-case identifier'],
        ['tenants.1.hostKeys.0.kid', 'used twice'],
      ),
    );
  });

  test('several unknown dashboards at once', () => {
    assertRegistryFails(
      (r) => {
        r.tenants[0].dashboards = ['learning-progress', 'sales-overview'];
        r.tenants[1].dashboards = ['hr-overview'];
      },
      ['tenants.0.dashboards.1', '"sales-overview"'],
      ['tenants.1.dashboards.0', '"hr-overview"'],
    );
  });
});

describe('buildKeyRing', () => {
  const ENV_NAME = 'ACME_EMBED_SECRET';

  /** The shipped registry with acme's HS256 secret read from the environment. */
  function envRegistry(): TenantRegistry {
    const file = registryFile((r) => {
      r.tenants[0].hostKeys[0].secret = { env: ENV_NAME };
    });
    return loadTenantRegistry(file, catalog);
  }

  const build = async (tenants: TenantRegistry, dataDir: string, env: Record<string, string | undefined>) =>
    buildKeyRing({ tenants, apiKeys: apiSigningKeySet([await testSigningKey()]), apiIssuer: 'kineo', dataDir, env });

  test('rejects an HS256 key whose environment variable is not set (or empty)', async () => {
    const tenants = envRegistry();
    for (const env of [{}, { [ENV_NAME]: '' }])
      await assert.rejects(build(tenants, tempDir('kineo-data-'), env), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /acme-dev/);
        assert.match(error.message, new RegExp(`${ENV_NAME} is not set`));
        return true;
      });
  });

  test('rejects an HS256 secret shorter than 32 bytes once base64url-decoded', async () => {
    const tenants = envRegistry();
    const shortSecrets = [
      randomBytes(31).toString('base64url'),
      // 40 characters, but only 30 bytes decoded: the length that counts is the decoded one.
      'x'.repeat(40),
    ];
    for (const secret of shortSecrets)
      await assert.rejects(build(tenants, tempDir('kineo-data-'), { [ENV_NAME]: secret }), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /acme-dev/);
        assert.match(error.message, /at least 32 bytes/);
        return true;
      });
  });

  /** Whether `key` verifies what `secret` signs: the ring holds keys it cannot hand back as bytes. */
  async function verifiesWith(key: VerificationKey, secret: Uint8Array): Promise<boolean> {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    return jwtVerify(token, key.key, { algorithms: ['HS256'] }).then(
      () => true,
      () => false,
    );
  }

  test('accepts a 32-byte secret from the environment, decoded, for the tenant that owns it', async () => {
    const secret = randomBytes(32);
    const dataDir = tempDir('kineo-data-');
    const ring = await build(envRegistry(), dataDir, { [ENV_NAME]: secret.toString('base64url') });
    const key = ring.get('acme-dev', new Date());
    assert.ok(key);
    assert.equal(key.alg, 'HS256');
    assert.deepEqual(key.owner, { kind: 'tenant', tenantId: 'acme' });
    assert.equal(key.issuer, 'https://lms.acme.example');
    assert.ok(await verifiesWith(key, secret), 'the key is the decoded secret');
    assert.equal(await verifiesWith(key, randomBytes(32)), false);
    assert.equal(existsSync(developmentSecretFile(dataDir, 'acme-dev')), false, 'no development secret for an env key');
    assert.equal(ring.get('unknown-kid', new Date()), undefined);
  });

  test('generates development secrets once (mode 0600) and reuses them on the next start', async () => {
    const dataDir = tempDir('kineo-data-');
    const tenants = loadTenantRegistry(DEFAULT_TENANTS_FILE, catalog);
    const first = await build(tenants, dataDir, {});

    const bytes = new Map<string, Buffer>();
    for (const kid of ['acme-dev', 'techcorp-dev']) {
      const file = developmentSecretFile(dataDir, kid);
      assert.equal(file, join(dataDir, 'secrets', `${kid}.secret`));
      assert.ok(existsSync(file), `${file} was not generated`);
      assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is not owner-only`);
      assert.equal(statSync(join(dataDir, 'secrets')).mode & 0o077, 0, 'secrets folder is readable by others');
      const key = first.get(kid, new Date());
      assert.ok(key);
      const material = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
      assert.equal(material.byteLength, 32);
      assert.ok(await verifiesWith(key, material), `${kid} is not the file's secret`);
      bytes.set(kid, material);
    }
    assert.notDeepEqual(bytes.get('acme-dev'), bytes.get('techcorp-dev'), 'two kids share one secret');

    const fileContents = readFileSync(developmentSecretFile(dataDir, 'acme-dev'), 'utf8');
    const second = await build(tenants, dataDir, {});
    for (const kid of ['acme-dev', 'techcorp-dev'])
      assert.ok(await verifiesWith(second.get(kid, new Date())!, bytes.get(kid)!), `${kid} changed between starts`);
    assert.equal(readFileSync(developmentSecretFile(dataDir, 'acme-dev'), 'utf8'), fileContents);

    const elsewhere = await build(tenants, tempDir('kineo-data-'), {});
    assert.equal(await verifiesWith(elsewhere.get('acme-dev', new Date())!, bytes.get('acme-dev')!), false, 'another data folder, another secret');
  });

  test('rejects a development secret file that holds fewer than 32 bytes', async () => {
    const dataDir = tempDir('kineo-data-');
    const tenants = loadTenantRegistry(DEFAULT_TENANTS_FILE, catalog);
    await build(tenants, dataDir, {});
    writeFileSync(developmentSecretFile(dataDir, 'acme-dev'), randomBytes(16).toString('base64url') + '\n');
    await assert.rejects(build(tenants, dataDir, {}), /acme-dev.*at least 32 bytes/);
  });
});
