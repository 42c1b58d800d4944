import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { parse, stringify } from 'yaml';
import { DashboardList, ErrorBody } from '@kineo/core';
import { createTestApp, type TestApp } from '../../../server/src/testing/test-app.js';
import { DEFAULT_TENANTS_FILE } from '../../../server/src/tenants/tenant-registry.js';
import { ensureDevelopmentSecret } from '../../../server/src/auth/development-secrets.js';
import { KineoError, KineoOptionsError, signEmbedToken, type EmbedTokenGrant, type SigningKey } from './index.js';

const ACME_ISS = 'https://lms.acme.example';
const acmeAdmin: EmbedTokenGrant = { tenant: 'acme', sub: 'acme-u000001', role: 'admin' };

let t: TestApp;
let hmacSecret: Uint8Array;
let edKeys: CryptoKeyPair;
let esKeys: CryptoKeyPair;

/** The shipped registry plus acme public keys for EdDSA and ES256, in a temp file. */
async function registryWithPublicKeys(): Promise<string> {
  const registry = parse(readFileSync(DEFAULT_TENANTS_FILE, 'utf8'));
  const acme = registry.tenants.find((tenant: { id: string }) => tenant.id === 'acme');
  const ed = await exportJWK(edKeys.publicKey);
  const es = await exportJWK(esKeys.publicKey);
  acme.hostKeys.push({ kid: 'acme-ed', alg: 'EdDSA', publicKey: { kty: ed.kty, crv: ed.crv, x: ed.x } });
  acme.hostKeys.push({ kid: 'acme-es', alg: 'ES256', publicKey: { kty: es.kty, crv: es.crv, x: es.x, y: es.y } });
  const file = join(mkdtempSync(join(tmpdir(), 'kineo-node-reg-')), 'tenants.yaml');
  writeFileSync(file, stringify(registry));
  return file;
}

before(async () => {
  edKeys = await generateKeyPair('EdDSA', { extractable: true });
  esKeys = await generateKeyPair('ES256', { extractable: true });
  t = await createTestApp({ tenantsFile: await registryWithPublicKeys() });
  hmacSecret = ensureDevelopmentSecret(t.config.settings.dataDir, 'acme-dev');
});
after(() => t.close());

const hs256 = (): SigningKey => ({ kid: 'acme-dev', alg: 'HS256', secret: hmacSecret });

/** GET /v1/dashboards on the real app with `token`: the status and body. */
async function dashboards(token: string) {
  const response = await t.request('/v1/dashboards', token);
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Calls `fn`, asserts it throws a KineoOptionsError, and returns the paths of its issues. */
async function optionPaths(fn: () => Promise<unknown>): Promise<string[]> {
  const error = await fn().then(
    () => assert.fail('expected a KineoOptionsError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof KineoOptionsError, String(error));
  assert.ok(error instanceof KineoError);
  assert.equal(error.name, 'KineoOptionsError');
  for (const issue of error.issues) assert.ok(error.message.includes(issue.path), `the message names ${issue.path}`);
  return error.issues.map((issue) => issue.path);
}

describe('signEmbedToken: tokens the real API accepts', () => {
  test('HS256 with the development secret as bytes and as base64url text', async () => {
    for (const secret of [hmacSecret, Buffer.from(hmacSecret).toString('base64url') + '\n']) {
      const token = await signEmbedToken(acmeAdmin, { kid: 'acme-dev', alg: 'HS256', secret }, { issuer: ACME_ISS });
      const { status, body } = await dashboards(token);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(DashboardList.parse(body).dashboards.map((d) => d.id).sort(), ['compliance', 'learning-progress', 'team-performance']);
    }
  });

  test('header and claims: typ, kid, iss, aud, iat, exp = iat + ttl, jti, grant fields', async () => {
    const now = new Date();
    const token = await signEmbedToken(
      {
        tenant: 'acme',
        sub: 'acme-u000002',
        role: 'manager',
        orgs: ['acme-o0002'],
        dashboards: ['team-performance'],
        filters: { period: { from: '2025-01-01' } },
        permissions: ['export'],
        ttl: 120,
      },
      hs256(),
      { issuer: ACME_ISS, now },
    );
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', kid: 'acme-dev', typ: 'kineo-embed+jwt' });
    const claims = decodeJwt(token);
    const iat = Math.floor(now.getTime() / 1000);
    assert.equal(claims.iss, ACME_ISS);
    assert.equal(claims.aud, 'kineo-embed');
    assert.equal(claims.iat, iat);
    assert.equal(claims.exp, iat + 120);
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      { sub: claims.sub, tenant: claims.tenant, role: claims.role, orgs: claims.orgs, dashboards: claims.dashboards, filters: claims.filters, permissions: claims.permissions },
      { sub: 'acme-u000002', tenant: 'acme', role: 'manager', orgs: ['acme-o0002'], dashboards: ['team-performance'], filters: { period: { from: '2025-01-01' } }, permissions: ['export'] },
    );
    const { status, body } = await dashboards(token);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(DashboardList.parse(body).dashboards.map((d) => d.id), ['team-performance']);
  });

  test('defaults: ttl 600, random jti; optional claims absent; a given jti is used', async () => {
    const a = decodeJwt(await signEmbedToken(acmeAdmin, hs256(), { issuer: ACME_ISS }));
    const b = decodeJwt(await signEmbedToken(acmeAdmin, hs256(), { issuer: ACME_ISS, jti: 'audit-42' }));
    assert.equal(a.exp! - a.iat!, 600);
    assert.notEqual(a.jti, b.jti);
    assert.equal(b.jti, 'audit-42');
    for (const claim of ['orgs', 'dashboards', 'filters', 'permissions']) assert.ok(!(claim in a), `no ${claim}`);
  });

  test('EdDSA with a registered public key: private key as CryptoKey, JWK and PKCS#8 PEM', async () => {
    const jwk = await exportJWK(edKeys.privateKey);
    const pem = await exportPKCS8(edKeys.privateKey);
    for (const privateKey of [edKeys.privateKey, jwk, pem]) {
      const token = await signEmbedToken(acmeAdmin, { kid: 'acme-ed', alg: 'EdDSA', privateKey }, { issuer: ACME_ISS });
      assert.equal(decodeProtectedHeader(token).alg, 'EdDSA');
      const { status, body } = await dashboards(token);
      assert.equal(status, 200, JSON.stringify(body));
    }
  });

  test('ES256 with a registered public key', async () => {
    for (const privateKey of [esKeys.privateKey, await exportPKCS8(esKeys.privateKey)]) {
      const token = await signEmbedToken(acmeAdmin, { kid: 'acme-es', alg: 'ES256', privateKey }, { issuer: ACME_ISS });
      const { status, body } = await dashboards(token);
      assert.equal(status, 200, JSON.stringify(body));
    }
  });

  test('the API still refuses what it should: wrong issuer, wrong audience, expired', async () => {
    const wrongIssuer = await signEmbedToken(acmeAdmin, hs256(), { issuer: 'https://intranet.techcorp.example' });
    const wrongAudience = await signEmbedToken(acmeAdmin, hs256(), { issuer: ACME_ISS, audience: 'someone-else' });
    const expired = await signEmbedToken({ ...acmeAdmin, ttl: 60 }, hs256(), { issuer: ACME_ISS, now: new Date(Date.now() - 10 * 60_000) });
    for (const token of [wrongIssuer, wrongAudience, expired]) {
      const { status, body } = await dashboards(token);
      assert.equal(status, 401);
      assert.equal(ErrorBody.parse(body).error.code, 'unauthenticated');
    }
  });
});

describe('signEmbedToken: bad options are KineoOptionsErrors naming the fields', () => {
  test('ttl over 900 and under 30', async () => {
    assert.deepEqual(await optionPaths(() => signEmbedToken({ ...acmeAdmin, ttl: 901 }, hs256(), { issuer: ACME_ISS })), ['ttl']);
    assert.deepEqual(await optionPaths(() => signEmbedToken({ ...acmeAdmin, ttl: 29 }, hs256(), { issuer: ACME_ISS })), ['ttl']);
  });

  test('a manager without orgs', async () => {
    assert.deepEqual(await optionPaths(() => signEmbedToken({ ...acmeAdmin, role: 'manager' }, hs256(), { issuer: ACME_ISS })), ['orgs']);
  });

  test('no tenant, unknown role, bad sub, unknown field', async () => {
    const { tenant: _tenant, ...noTenant } = acmeAdmin;
    assert.deepEqual(await optionPaths(() => signEmbedToken(noTenant as EmbedTokenGrant, hs256(), { issuer: ACME_ISS })), ['tenant']);
    const bad = { ...acmeAdmin, role: 'superuser', sub: 'has spaces', iss: 'https://evil.example' } as unknown as EmbedTokenGrant;
    assert.deepEqual((await optionPaths(() => signEmbedToken(bad, hs256(), { issuer: ACME_ISS }))).sort(), ['iss', 'role', 'sub']);
  });

  test('a short HS256 secret, as bytes or text; a secret that is not base64url', async () => {
    const short = new Uint8Array(31);
    for (const secret of [short, Buffer.from(short).toString('base64url'), 'not base64url!'])
      assert.deepEqual(await optionPaths(() => signEmbedToken(acmeAdmin, { kid: 'acme-dev', alg: 'HS256', secret }, { issuer: ACME_ISS })), ['key.secret']);
  });

  test('the secret never appears in an error', async () => {
    const secret = 'c2hvcnQtYnV0LXNlY3JldA';
    const error = await signEmbedToken(acmeAdmin, { kid: 'acme-dev', alg: 'HS256', secret }, { issuer: ACME_ISS }).catch((e: Error) => e);
    assert.ok(error instanceof KineoOptionsError);
    assert.ok(!`${error.message} ${error.stack} ${JSON.stringify(error)}`.includes(secret));
  });

  test('asymmetric keys: public instead of private, wrong algorithm, not a key', async () => {
    const publicJwk = await exportJWK(edKeys.publicKey);
    const cases: Array<SigningKey> = [
      { kid: 'acme-ed', alg: 'EdDSA', privateKey: edKeys.publicKey },
      { kid: 'acme-ed', alg: 'EdDSA', privateKey: publicJwk },
      { kid: 'acme-ed', alg: 'EdDSA', privateKey: esKeys.privateKey },
      { kid: 'acme-ed', alg: 'ES256', privateKey: (await exportJWK(edKeys.privateKey)) as JWK },
      { kid: 'acme-ed', alg: 'EdDSA', privateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' },
      { kid: 'acme-ed', alg: 'EdDSA', privateKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----' },
      { kid: 'acme-ed', alg: 'EdDSA' } as unknown as SigningKey,
    ];
    for (const key of cases)
      assert.deepEqual(await optionPaths(() => signEmbedToken(acmeAdmin, key, { issuer: ACME_ISS })), ['key.privateKey']);
  });

  test('key id and algorithm; issuer, audience, now, jti', async () => {
    assert.deepEqual(await optionPaths(() => signEmbedToken(acmeAdmin, { ...hs256(), kid: '' }, { issuer: ACME_ISS })), ['key.kid']);
    const rs256 = { kid: 'acme-dev', alg: 'RS256', privateKey: edKeys.privateKey } as unknown as SigningKey;
    assert.deepEqual(await optionPaths(() => signEmbedToken(acmeAdmin, rs256, { issuer: ACME_ISS })), ['key.alg']);
    const options = { issuer: '', audience: '', now: new Date(Number.NaN), jti: '' };
    assert.deepEqual(await optionPaths(() => signEmbedToken(acmeAdmin, hs256(), options)), ['options.issuer', 'options.audience', 'options.now', 'options.jti']);
    assert.deepEqual(
      await optionPaths(() => signEmbedToken(acmeAdmin, hs256(), undefined as unknown as { issuer: string })),
      ['options'],
    );
  });

  test('every problem at once', async () => {
    const paths = await optionPaths(() =>
      signEmbedToken({ tenant: 'acme', sub: 'acme-u000002', role: 'manager', ttl: 901 }, { kid: 'acme-dev', alg: 'HS256', secret: new Uint8Array(8) }, { issuer: '' }),
    );
    assert.deepEqual(paths.sort(), ['key.secret', 'options.issuer', 'orgs', 'ttl']);
  });
});
