import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSigningKeySet } from './api-signing-keys.js';
import { testSigningKey } from '../testing/signing-key.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/load-catalog.js';
import { DEFAULT_TENANTS_FILE, loadTenantRegistry, type TenantRegistry } from '../tenants/tenant-registry.js';
import { buildKeyRing, type KeyRing } from './key-ring.js';
import { ensureDevelopmentSecret } from './development-secrets.js';
import { signEmbedToken } from './sign-embed-token.js';
import { CLOCK_TOLERANCE_SECONDS, createEmbedTokenVerifier, TokenRejected } from './verify-embed-token.js';

let tenants: TenantRegistry;
let keys: KeyRing;
let secret: Uint8Array;
const t0 = new Date('2026-11-21T10:00:00Z');

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kineo-verify-'));
  tenants = loadTenantRegistry(DEFAULT_TENANTS_FILE, loadCatalog());
  keys = await buildKeyRing({ tenants, apiKeys: apiSigningKeySet([await testSigningKey()]), apiIssuer: 'kineo', dataDir });
  secret = ensureDevelopmentSecret(dataDir, 'acme-dev');
});

function controllableClock(start: Date) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

const sign = (ttlSeconds: number, now = t0) =>
  signEmbedToken({ sub: 'acme-u000001', tenant: 'acme', role: 'admin' }, { kid: 'acme-dev', alg: 'HS256', secret }, {
    issuer: 'https://lms.acme.example',
    audience: 'kineo-embed',
    ttlSeconds,
    now,
  });

describe('embed token verifier with a controllable clock', () => {
  for (const cacheSize of [0, 2_000]) {
    test(`a token verifies until exp + tolerance and never after (cache ${cacheSize ? 'on' : 'off'})`, async () => {
      const clock = controllableClock(t0);
      const verify = createEmbedTokenVerifier({ keys, tenants, audience: 'kineo-embed', clock, cacheSize });
      const token = await sign(300);
      assert.equal((await verify(token)).claims.tenant, 'acme');
      clock.advance(300 + CLOCK_TOLERANCE_SECONDS - 1);
      assert.equal((await verify(token)).claims.sub, 'acme-u000001', 'within tolerance after exp');
      clock.advance(2);
      await assert.rejects(verify(token), TokenRejected, 'a remembered token still expires');
      await assert.rejects(verify(token), TokenRejected);
    });
  }

  test('a token issued in the future is refused until its time comes', async () => {
    const clock = controllableClock(t0);
    const verify = createEmbedTokenVerifier({ keys, tenants, audience: 'kineo-embed', clock });
    const token = await sign(300, new Date(t0.getTime() + 120_000));
    await assert.rejects(verify(token), TokenRejected);
    clock.advance(120);
    assert.equal((await verify(token)).claims.role, 'admin');
  });

  test('a rejected token is never remembered as valid', async () => {
    const clock = controllableClock(t0);
    const verify = createEmbedTokenVerifier({ keys, tenants, audience: 'kineo-embed', clock });
    const token = await sign(300);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature!.slice(0, -2)}AA`;
    for (let i = 0; i < 3; i++) await assert.rejects(verify(forged), TokenRejected);
    assert.ok(await verify(token));
  });

  test('the cache is bounded', async () => {
    const clock = controllableClock(t0);
    const verify = createEmbedTokenVerifier({ keys, tenants, audience: 'kineo-embed', clock, cacheSize: 2 });
    const tokens = await Promise.all([sign(300), sign(301), sign(302)]);
    for (const token of tokens) await verify(token);
    for (const token of tokens) assert.ok(await verify(token), 'evicted tokens verify again from scratch');
  });
});
