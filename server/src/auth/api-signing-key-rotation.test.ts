import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeProtectedHeader } from 'jose';
import { EmbedTokenResponse } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { apiSigningKeysFile, loadApiSigningKeys, rotateApiSigningKeys } from './api-signing-key-file.js';
import { SIGNING_KEY_OVERLAP_SECONDS } from './api-signing-keys.js';
import { signEmbedToken } from './sign-embed-token.js';

let now = new Date('2026-11-21T09:00:00Z').getTime();
const clock = { now: () => new Date(now) };
const advance = (seconds: number) => (now += seconds * 1000);

let t: TestApp;
let apiKey: string;

before(async () => {
  t = await createTestApp({ clock });
  apiKey = t.config.apiKeys.create('acme', 'rotation').key;
});
after(() => t.close());

async function mintToken(): Promise<string> {
  const response = await t.app.request('/v1/embed-tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'acme-u000001', role: 'admin', ttl: 900 }),
  });
  assert.equal(response.status, 200);
  return EmbedTokenResponse.parse(await response.json()).token;
}

const accepted = async (token: string) => (await t.request('/v1/dashboards', token)).status === 200;
const jwksKids = async () => ((await (await t.app.request('/.well-known/jwks.json')).json()).keys as { kid: string }[]).map((k) => k.kid);

describe('rotating the API signing key', () => {
  test('old tokens verify until they expire, new ones use the new key, a retired key stops verifying', async () => {
    const [first] = await loadApiSigningKeys(t.config.settings.dataDir);
    const before = await mintToken();
    assert.equal(decodeProtectedHeader(before).kid, first!.kid);
    assert.deepEqual(await jwksKids(), [first!.kid]);

    advance(60);
    const rotation = await rotateApiSigningKeys(t.config.settings.dataDir, clock.now());
    await t.config.signingKeys.reload();
    assert.deepEqual(rotation.retiring, [first!.kid]);
    assert.deepEqual(await jwksKids(), [first!.kid, rotation.added], 'the JWKS lists both');

    const after = await mintToken();
    assert.equal(decodeProtectedHeader(after).kid, rotation.added, 'new tokens are signed with the new key');
    advance(14 * 60);
    assert.ok(await accepted(before), 'a token of the previous key verifies until it expires');
    assert.ok(await accepted(after));

    advance(SIGNING_KEY_OVERLAP_SECONDS - 14 * 60);
    assert.deepEqual(await jwksKids(), [rotation.added], 'the retired key leaves the JWKS');
    assert.equal(await accepted(before), false);
    // Even a token the retired key signs just now is refused: the key itself no longer verifies.
    const fresh = await signEmbedToken(
      { sub: 'acme-u000001', tenant: 'acme', role: 'admin' },
      { kid: first!.kid, alg: 'EdDSA', privateKey: first!.privateKey },
      { issuer: 'kineo', audience: 'kineo-embed', ttlSeconds: 300, now: clock.now() },
    );
    assert.equal(await accepted(fresh), false);
    assert.ok(await accepted(await mintToken()));

    advance(60);
    const next = await rotateApiSigningKeys(t.config.settings.dataDir, clock.now());
    assert.deepEqual(next.removed, [first!.kid], 'a retired key is dropped from the file at the next rotation');
    const file = readFileSync(apiSigningKeysFile(t.config.settings.dataDir), 'utf8');
    assert.ok(!file.includes(first!.kid));
  });
});
