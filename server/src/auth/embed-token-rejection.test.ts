import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, base64url } from 'jose';
import { parse, stringify } from 'yaml';
import { EMBED_TOKEN_TYPE, ErrorBody } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DEFAULT_TENANTS_FILE } from '../tenants/tenant-registry.js';
import { ensureDevelopmentSecret } from './development-secrets.js';

const query = { dashboard: 'learning-progress', panel: 'completion-by-category' };
const now = () => Math.floor(Date.now() / 1000);

let t: TestApp;
let publicJwk: Record<string, unknown>;
let privateKey: CryptoKey;
let acmeSecret: Uint8Array;
let techcorpSecret: Uint8Array;
const ACME_ISS = 'https://lms.acme.example';
const AUD = 'kineo-embed';

/** A registry like the shipped one, plus an EdDSA public host key for techcorp. */
function registryWithPublicKey(jwk: Record<string, unknown>): string {
  const registry = parse(readFileSync(DEFAULT_TENANTS_FILE, 'utf8'));
  registry.tenants[1].hostKeys.push({ kid: 'techcorp-ed', alg: 'EdDSA', publicKey: { kty: jwk.kty, crv: jwk.crv, x: jwk.x } });
  const file = join(mkdtempSync(join(tmpdir(), 'kineo-reg-')), 'tenants.yaml');
  writeFileSync(file, stringify(registry));
  return file;
}

before(async () => {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = (await exportJWK(pair.publicKey)) as Record<string, unknown>;
  t = await createTestApp({ tenantsFile: registryWithPublicKey(publicJwk) });
  acmeSecret = ensureDevelopmentSecret(t.config.settings.dataDir, 'acme-dev');
  techcorpSecret = ensureDevelopmentSecret(t.config.settings.dataDir, 'techcorp-dev');
});
after(() => t.close());

const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'acme-u000001',
  tenant: 'acme',
  role: 'admin',
  iss: ACME_ISS,
  aud: AUD,
  iat: now(),
  exp: now() + 300,
  ...overrides,
});

async function hs256(payload: Record<string, unknown>, secret: Uint8Array, header: Record<string, unknown> = {}) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: 'acme-dev', typ: EMBED_TOKEN_TYPE, ...header }).sign(secret);
}

/** Sends the query with `token`; asserts 401 in the error shape and that no query reached the engine. */
async function assertRejected(token: string, init?: { inQuery?: boolean }) {
  t.engine.reset();
  const path = init?.inQuery ? `/v1/query?token=${encodeURIComponent(token)}` : '/v1/query';
  const response = await t.request(path, init?.inQuery ? undefined : token, query);
  const body = await response.json();
  assert.equal(response.status, 401, JSON.stringify(body));
  assert.equal(ErrorBody.parse(body).error.code, 'unauthenticated');
  assert.equal(t.engine.runs.length, 0, 'no query may run for a rejected token');
  assert.ok(!JSON.stringify(body).includes(token.split('.')[1]!), 'the error never echoes the token');
}

describe('a valid token (control)', () => {
  test('is accepted and runs the panel query', async () => {
    t.engine.reset();
    const response = await t.request('/v1/query', await hs256(claims(), acmeSecret), query);
    assert.equal(response.status, 200);
    assert.ok(t.engine.runs.length > 0);
  });

  test('expired by less than the 30 s tolerance is still accepted', async () => {
    const response = await t.request('/v1/query', await hs256(claims({ iat: now() - 300, exp: now() - 10 }), acmeSecret), query);
    assert.equal(response.status, 200);
  });
});

describe('rejected tokens: 401 and no query executed', () => {
  test('alg: none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: EMBED_TOKEN_TYPE, kid: 'acme-dev' }));
    const payload = base64url.encode(JSON.stringify(claims()));
    await assertRejected(`${header}.${payload}.`);
  });

  test('HS256 signed with the bytes of a registered public key', async () => {
    const raw = base64url.decode(publicJwk.x as string);
    const jwkText = new TextEncoder().encode(JSON.stringify(publicJwk));
    const pem = new TextEncoder().encode(`-----BEGIN PUBLIC KEY-----\n${publicJwk.x}\n-----END PUBLIC KEY-----\n`);
    const asTechcorp = claims({ tenant: 'techcorp', iss: 'https://intranet.techcorp.example' });
    for (const secret of [raw, jwkText, pem])
      await assertRejected(await hs256(asTechcorp, secret, { kid: 'techcorp-ed' }));
  });

  test("tenant B's key claiming tenant A", async () => {
    await assertRejected(await hs256(claims(), techcorpSecret, { kid: 'techcorp-dev' }));
    await assertRejected(
      await hs256(claims({ iss: 'https://intranet.techcorp.example' }), techcorpSecret, { kid: 'techcorp-dev' }),
    );
    const edToken = await new SignJWT(claims({ iss: 'https://intranet.techcorp.example' }))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'techcorp-ed', typ: EMBED_TOKEN_TYPE })
      .sign(privateKey);
    await assertRejected(edToken);
  });

  test('expired beyond the tolerance', async () => {
    await assertRejected(await hs256(claims({ iat: now() - 400, exp: now() - 31 }), acmeSecret));
  });

  test('no exp', async () => {
    const { exp: _exp, ...noExp } = claims();
    await assertRejected(await hs256(noExp, acmeSecret));
  });

  test('no iat', async () => {
    const { iat: _iat, ...noIat } = claims();
    await assertRejected(await hs256(noIat, acmeSecret));
  });

  test('wrong aud, iss or typ', async () => {
    await assertRejected(await hs256(claims({ aud: 'someone-else' }), acmeSecret));
    await assertRejected(await hs256(claims({ iss: 'https://intranet.techcorp.example' }), acmeSecret));
    await assertRejected(await hs256(claims(), acmeSecret, { typ: 'JWT' }));
    await assertRejected(await hs256(claims(), acmeSecret, { typ: undefined }));
  });

  test('lifetime over 15 minutes', async () => {
    await assertRejected(await hs256(claims({ exp: now() + 15 * 60 + 1 }), acmeSecret));
  });

  test('issued in the future', async () => {
    await assertRejected(await hs256(claims({ iat: now() + 120, exp: now() + 300 }), acmeSecret));
  });

  test('token in the query string, even a valid one', async () => {
    await assertRejected(await hs256(claims(), acmeSecret), { inQuery: true });
  });

  test('tampered payload (learner promoted to admin)', async () => {
    const token = await hs256(claims({ role: 'learner', sub: 'acme-u000001' }), acmeSecret);
    const [header, , signature] = token.split('.');
    const forged = base64url.encode(JSON.stringify(claims({ role: 'admin' })));
    await assertRejected(`${header}.${forged}.${signature}`);
  });

  test('unknown or missing kid, wrong algorithm for the key', async () => {
    await assertRejected(await hs256(claims(), acmeSecret, { kid: 'nobody' }));
    await assertRejected(await hs256(claims(), acmeSecret, { kid: undefined }));
    const es = await new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA', kid: 'acme-dev', typ: EMBED_TOKEN_TYPE }).sign(privateKey);
    await assertRejected(es);
  });

  test('claims of the wrong shape: unknown role, manager without orgs, unknown tenant', async () => {
    await assertRejected(await hs256(claims({ role: 'superuser' }), acmeSecret));
    await assertRejected(await hs256(claims({ role: 'manager' }), acmeSecret));
    await assertRejected(await hs256(claims({ tenant: 'globex' }), acmeSecret));
  });

  test('no token, or not a bearer token', async () => {
    await assertRejected('');
    t.engine.reset();
    const response = await t.app.request('/v1/query', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('a:b')}`, 'content-type': 'application/json' },
      body: JSON.stringify(query),
    });
    assert.equal(response.status, 401);
    assert.equal(t.engine.runs.length, 0);
  });
});
