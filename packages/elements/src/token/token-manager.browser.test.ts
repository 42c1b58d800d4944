// Browser tests of the embed-token lifecycle (run by @web/test-runner in headless Chromium, see
// web-test-runner.config.mjs). Time is a FakeClock: no test waits for real time to pass.
import { TokenSourceError, TokenUnavailableError } from '../errors.js';
import {
  FakeClock,
  FakeIssuer,
  assert,
  assertEqual,
  deferred,
  fakeFetch,
  fakeJwt,
  json,
  rejectionOf,
  settle,
} from '../testing/fakes.js';
import { readJwtTimes } from './jwt-claims.js';
import { releaseSharedTokenManager, sharedTokenManager, tokenManagerKey } from './shared-token-manager.js';
import { planTokenLifetime } from './token-lifetime.js';
import { TokenManager, type TokenRefreshDetail } from './token-manager.js';

// Mocha's globals, provided by @web/test-runner's default framework (tsconfig loads only Node types).
declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A manager over a FakeIssuer's provider, with its listeners' calls recorded. */
function setup(ttlSeconds = 600, options: { refreshAhead?: boolean } = {}) {
  const clock = new FakeClock();
  const issuer = new FakeIssuer(clock, ttlSeconds);
  const manager = new TokenManager({ source: { tokenProvider: issuer.provider }, clock, ...options });
  const refreshes: TokenRefreshDetail[] = [];
  const errors: TokenUnavailableError[] = [];
  manager.onRefresh((detail) => refreshes.push(detail));
  manager.onError((error) => errors.push(error));
  return { clock, issuer, manager, refreshes, errors };
}

describe('readJwtTimes and planTokenLifetime', () => {
  it('reads iat and exp from a base64url JWT payload, and nothing from an opaque token', () => {
    // "é" and "~~~" make the payload's base64url use multi-byte UTF-8 and the '-'/'_' characters.
    const token = fakeJwt({ sub: 'é~~~?>>', iat: 1_700_000_000, exp: 1_700_000_600 });
    assert(/[-_]/.test(token.split('.')[1]!), 'the payload uses base64url characters');
    assertEqual(readJwtTimes(token), { iat: 1_700_000_000, exp: 1_700_000_600 }, 'times');
    assertEqual(readJwtTimes(fakeJwt({ sub: 'x', exp: '1700000600' })), { exp: undefined, iat: undefined } as unknown, 'non-numeric');
    for (const opaque of ['opaque-token', 'a.b.c', 'a.%%%.c', `${btoa('{}')}.${btoa('[1]')}.x`])
      assertEqual(readJwtTimes(opaque) ?? 'none', 'none', `opaque ${opaque}`);
  });

  it('refreshes at 80 % or 30 s before expiry, whichever is earlier, never before half the lifetime', () => {
    const at = 1_000_000;
    const plan = (ttlSeconds: number) => {
      const lifetime = planTokenLifetime(fakeJwt({ iat: 5, exp: 5 + ttlSeconds }), undefined, at);
      return { expiresIn: lifetime.expiresAt! - at, refreshIn: lifetime.refreshAt! - at };
    };
    assertEqual(plan(600), { expiresIn: 600 * SECOND, refreshIn: 480 * SECOND }, '10 min');
    assertEqual(plan(60), { expiresIn: 60 * SECOND, refreshIn: 30 * SECOND }, '60 s');
    assertEqual(plan(100), { expiresIn: 100 * SECOND, refreshIn: 70 * SECOND }, '100 s');
    assertEqual(plan(5), { expiresIn: 5 * SECOND, refreshIn: 2.5 * SECOND }, '5 s');
  });

  it('measures the lifetime on the issuer clock, so a skewed browser clock changes nothing', () => {
    // Issued "an hour ago" by the browser's clock (the browser runs an hour fast): still 10 minutes.
    const receivedAt = Date.UTC(2026, 0, 1, 12);
    const iat = receivedAt / 1000 - 3600;
    const lifetime = planTokenLifetime(fakeJwt({ iat, exp: iat + 600 }), (iat + 600) * 1000, receivedAt);
    assertEqual(lifetime.expiresAt! - receivedAt, 600 * SECOND, 'expires in');
    // An opaque token falls back to the source's expiresAt, and without one has no known expiry.
    assertEqual(planTokenLifetime('opaque', receivedAt + MINUTE, receivedAt).expiresAt, receivedAt + MINUTE, 'opaque + expiresAt');
    assertEqual(planTokenLifetime('opaque', undefined, receivedAt), { receivedAt, expiresAt: undefined, refreshAt: undefined }, 'opaque');
  });
});

describe('TokenManager', () => {
  it('fetches a token once and serves it from memory while it is fresh', async () => {
    const { clock, issuer, manager, refreshes } = setup();
    const first = await manager.getToken();
    await clock.advance(4 * MINUTE);
    assertEqual([await manager.getToken(), await manager.getToken()], [first, first], 'same token');
    assertEqual(issuer.calls, 1, 'provider calls');
    assertEqual(refreshes.map((r) => r.expiresAt?.getTime()), [clock.now() - 4 * MINUTE + 10 * MINUTE], 'refresh events');
    assert(!JSON.stringify(refreshes).includes(first), 'refresh events never carry the token');
  });

  it('refreshes ahead of expiry in the background, without making callers wait', async () => {
    const { clock, issuer, manager, refreshes } = setup();
    const first = await manager.getToken();
    await clock.advance(7.9 * MINUTE);
    assertEqual(await manager.getToken(), first, 'before 80 %: the same token');
    assertEqual(issuer.calls, 1, 'no refresh before 80 %');

    await clock.advance(0.2 * MINUTE); // 8.1 min: refresh due, the token still valid
    issuer.gate = deferred<void>().promise; // the refresh hangs
    assertEqual(await manager.getToken(), first, 'the still-valid token, at once');
    assertEqual(await manager.getToken(), first, 'again, while the refresh runs');
    assertEqual(issuer.calls, 2, 'one background refresh');
    issuer.gate = undefined;

    const { manager: m2, issuer: i2, clock: c2 } = setup();
    const t1 = await m2.getToken();
    await c2.advance(8.1 * MINUTE);
    assertEqual(await m2.getToken(), t1, 'old token while refreshing');
    await settle();
    const t2 = await m2.getToken();
    assert(t2 !== t1, 'the refreshed token is served once it arrived');
    assertEqual(i2.calls, 2, 'provider calls');
    assertEqual(refreshes.length, 1, 'the hanging refresh reported nothing');
  });

  it('waits for a new token once the current one has expired', async () => {
    const { clock, issuer, manager } = setup(60);
    const first = await manager.getToken();
    await clock.advance(61 * SECOND);
    const second = await manager.getToken();
    assert(second !== first, 'an expired token is never handed out');
    assertEqual(issuer.calls, 2, 'provider calls');
  });

  it('keeps 5-second tokens flowing: every token handed out is unexpired, none lost', async () => {
    const { clock, issuer, manager, errors } = setup(5);
    const expiryOf = new Map<string, number>();
    for (let step = 0; step < 60; step++) {
      // Three callers per 500 ms tick, for 30 s.
      const tokens = await Promise.all([manager.getToken(), manager.getToken(), manager.getToken()]);
      for (const item of issuer.issued) expiryOf.set(item.token, item.exp);
      for (const token of tokens) {
        const exp = expiryOf.get(token);
        assert(exp !== undefined && exp > clock.now(), `token handed out at +${step * 500} ms is unexpired`);
      }
      await clock.advance(500);
    }
    assertEqual(errors.length, 0, 'no errors');
    // One refresh per 2.5 s of a 5 s token (plus the first): about 12, never one per call (180).
    assert(issuer.calls >= 11 && issuer.calls <= 14, `provider calls ${issuer.calls}`);
  });

  it('single flight: 10 concurrent getToken() calls during a refresh share one provider call', async () => {
    const { issuer, manager, clock } = setup();
    const gate = deferred<void>();
    issuer.gate = gate.promise;
    const waiting = Array.from({ length: 10 }, () => manager.getToken());
    await settle();
    assertEqual(issuer.calls, 1, 'provider calls while pending');
    gate.resolve();
    const tokens = await Promise.all(waiting);
    assertEqual(new Set(tokens).size, 1, 'one token for all');
    assertEqual(issuer.calls, 1, 'provider calls');

    // Same once the token has expired and a refresh is under way.
    await clock.advance(11 * MINUTE);
    const gate2 = deferred<void>();
    issuer.gate = gate2.promise;
    const waiting2 = Array.from({ length: 10 }, () => manager.getToken());
    await settle();
    gate2.resolve();
    const tokens2 = await Promise.all(waiting2);
    assertEqual(new Set(tokens2).size, 1, 'one new token for all');
    assert(tokens2[0] !== tokens[0], 'a new token');
    assertEqual(issuer.calls, 2, 'provider calls');
  });

  it('invalidate: the current token refreshes once; a token already replaced changes nothing', async () => {
    const { issuer, manager } = setup();
    const first = await manager.getToken();
    // Five requests got a 401 for the same token.
    for (let i = 0; i < 5; i++) manager.invalidate(first);
    const after = await Promise.all(Array.from({ length: 5 }, () => manager.getToken()));
    assertEqual(issuer.calls, 2, 'one refresh for five 401s');
    assertEqual(new Set(after).size, 1, 'all got the new token');
    const second = after[0]!;
    assert(second !== first, 'a new token');

    // A late 401 for the replaced token: nothing happens.
    manager.invalidate(first);
    manager.invalidate('some-unknown-token');
    assertEqual(await manager.getToken(), second, 'still the second token');
    assertEqual(issuer.calls, 2, 'no refresh for a stale invalidate');
  });

  it('a failing provider rejects with TokenUnavailableError, notifies onError, and recovers', async () => {
    const { issuer, manager, errors, refreshes } = setup();
    const boom = new Error('host session service down');
    issuer.failing = boom;
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => manager.getToken()));
    assertEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected'], 'all rejected');
    const error = (results[0] as PromiseRejectedResult).reason;
    assert(error instanceof TokenUnavailableError, 'TokenUnavailableError');
    assertEqual([error.reason, error.cause === boom, error.message.includes('host session service down')], ['source', true, true], 'error');
    assertEqual(issuer.calls, 1, 'one provider call for 3 concurrent callers');
    assertEqual(errors.length, 1, 'onError called once');
    assert(errors[0] === error, 'onError got the same error');

    issuer.failing = undefined;
    const token = await manager.getToken();
    assert(typeof token === 'string' && token.length > 0, 'recovered');
    assertEqual([issuer.calls, refreshes.length], [2, 1], 'provider calls and refresh events');
  });

  it('a failed background refresh keeps the valid token, backs off, then tries again', async () => {
    const { clock, issuer, manager, errors } = setup();
    const first = await manager.getToken();
    await clock.advance(8.5 * MINUTE);
    issuer.failing = new Error('flaky');
    assertEqual(await manager.getToken(), first, 'the valid token');
    await settle();
    assertEqual([issuer.calls, errors.length], [2, 1], 'one failed background refresh');
    assertEqual(await manager.getToken(), first, 'still the valid token');
    assertEqual(issuer.calls, 2, 'no retry before the back-off');
    await clock.advance(5 * SECOND);
    issuer.failing = undefined;
    assertEqual(await manager.getToken(), first, 'the valid token while retrying');
    await settle();
    assertEqual(issuer.calls, 3, 'retried after the back-off');
    assert((await manager.getToken()) !== first, 'then the new token');
  });

  it('refreshAhead refreshes on a timer; dispose() cancels it and rejects later calls', async () => {
    const { clock, issuer, manager, refreshes } = setup(600, { refreshAhead: true });
    await manager.getToken();
    assertEqual(clock.pendingTimers, 1, 'a refresh timer');
    await clock.advance(8 * MINUTE);
    assertEqual([issuer.calls, refreshes.length], [2, 2], 'refreshed by the timer, nobody asking');
    assertEqual(clock.pendingTimers, 1, 'the next refresh is scheduled');

    manager.dispose();
    assertEqual(clock.pendingTimers, 0, 'timer cancelled');
    await clock.advance(30 * MINUTE);
    assertEqual(issuer.calls, 2, 'no refresh after dispose');
    const error = await rejectionOf(manager.getToken(), 'getToken after dispose');
    assert(error instanceof TokenUnavailableError && error.reason === 'disposed', 'disposed error');
  });

  it('dispose() during a refresh: its callers reject and the late token is not kept', async () => {
    const { issuer, manager, refreshes } = setup();
    const gate = deferred<void>();
    issuer.gate = gate.promise;
    const pending = manager.getToken();
    manager.dispose();
    gate.resolve();
    const error = await rejectionOf(pending, 'a getToken pending at dispose');
    assert(error instanceof TokenUnavailableError && error.reason === 'disposed', 'disposed error');
    assertEqual(refreshes.length, 0, 'no refresh event after dispose');
  });

  it('a provider may return { token, expiresAt }; anything else is a TokenSourceError', async () => {
    const clock = new FakeClock();
    const expiresAt = new Date(clock.now() + 2 * MINUTE).toISOString();
    let answer: unknown = { token: 'opaque-token-1', expiresAt };
    const manager = new TokenManager({ source: { tokenProvider: async () => answer as string }, clock });
    assertEqual(await manager.getToken(), 'opaque-token-1', 'token');
    for (const bad of [{ token: '' }, { token: 'has space' }, { nope: 1 }, 42, { token: 'ok', expiresAt: 'soon' }]) {
      answer = bad;
      manager.invalidate(await manager.getToken().catch(() => 'x'));
      const error = await rejectionOf(manager.getToken(), `provider answer ${JSON.stringify(bad)}`);
      assert(error instanceof TokenUnavailableError, 'TokenUnavailableError');
      const cause = error.cause;
      assert(cause instanceof TokenSourceError && cause.reason === 'invalid_response', `invalid_response for ${JSON.stringify(bad)}`);
    }
  });

  it('a fixed token is served as is; getting it again after a 401 is not a refresh event', async () => {
    const token = fakeJwt({ iat: 1, exp: 601 });
    const manager = new TokenManager({ source: { token }, clock: new FakeClock() });
    const refreshes: unknown[] = [];
    manager.onRefresh((detail) => refreshes.push(detail));
    assertEqual(await manager.getToken(), token, 'token');
    manager.invalidate(token);
    assertEqual(await manager.getToken(), token, 'same token after a 401 (the host must set a new one)');
    assertEqual(refreshes.length, 1, 'one refresh event');
  });
});

describe('token-url source', () => {
  const TOKEN_URL = '/local/kineo/token.php';

  function urlSetup(answer: () => Response | Promise<Response>) {
    const clock = new FakeClock();
    const { fetch, calls } = fakeFetch(() => answer());
    const manager = new TokenManager({ source: { tokenUrl: TOKEN_URL }, fetch, clock });
    return { clock, manager, calls };
  }

  it('fetches same-origin with cookies, no-store, JSON; the expiry comes from the answer', async () => {
    const now = new FakeClock().now();
    const token = fakeJwt({ iat: now / 1000, exp: now / 1000 + 300 });
    const { manager, calls } = urlSetup(() => json({ token, expiresAt: new Date(now + 300 * SECOND).toISOString() }));
    const refreshes: TokenRefreshDetail[] = [];
    manager.onRefresh((detail) => refreshes.push(detail));
    assertEqual(await manager.getToken(), token, 'token');
    assertEqual(calls.length, 1, 'one request');
    const call = calls[0]!;
    assertEqual(
      [call.url, call.method, call.credentials, call.cache, call.headers.get('accept'), call.headers.has('authorization')],
      [TOKEN_URL, 'GET', 'same-origin', 'no-store', 'application/json', false],
      'request',
    );
    assertEqual(refreshes[0]?.expiresAt?.getTime(), now + 300 * SECOND, 'expiresAt');
  });

  it('a non-2xx answer is a TokenSourceError with the status and the server message', async () => {
    const { manager } = urlSetup(() => json({ error: { code: 'unauthenticated', message: 'Your session has ended' } }, 401));
    const error = await rejectionOf(manager.getToken(), 'getToken on a 401 token URL');
    assert(error instanceof TokenUnavailableError, 'TokenUnavailableError');
    assertEqual(error.status, 401, 'status on the TokenUnavailableError');
    const cause = error.cause;
    assert(cause instanceof TokenSourceError, 'cause is a TokenSourceError');
    assertEqual([cause.reason, cause.status, cause.code, cause.message], ['status', 401, 'unauthenticated', 'Your session has ended'], 'cause');

    const { manager: m2 } = urlSetup(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const e2 = ((await rejectionOf(m2.getToken(), 'a 502 HTML answer')) as Error).cause;
    assert(e2 instanceof TokenSourceError, 'TokenSourceError');
    assertEqual([e2.reason, e2.status, e2.code, e2.message], ['status', 502, undefined, `The token URL ${TOKEN_URL} answered HTTP 502`], '502');
  });

  it('a bad body is a typed invalid_response error that never echoes the token', async () => {
    const secret = fakeJwt({ iat: 1, exp: 2, sub: 'secret-user' });
    const bodies = [
      () => json({ token: secret }), // no expiresAt
      () => json({ token: secret, expiresAt: 'tomorrow' }),
      () => json({ jwt: secret }),
      () => new Response('<html>login page</html>', { status: 200 }),
    ];
    for (const [i, body] of bodies.entries()) {
      const { manager } = urlSetup(body);
      const error = await rejectionOf(manager.getToken(), `bad body ${i}`);
      assert(error instanceof TokenUnavailableError, 'TokenUnavailableError');
      const cause = error.cause;
      assert(cause instanceof TokenSourceError && cause.reason === 'invalid_response', `invalid_response (body ${i})`);
      assertEqual(cause.status, 200, 'status');
      assert(!error.message.includes(secret) && !cause.message.includes(secret), 'no token in messages');
    }
  });

  it('no answer is a network TokenSourceError; the next call tries again', async () => {
    let down = true;
    const token = fakeJwt({ iat: 1, exp: 601 });
    const { manager, calls } = urlSetup(() => {
      if (down) throw new TypeError('Failed to fetch');
      return json({ token, expiresAt: '2026-01-15T09:10:00Z' });
    });
    const error = await rejectionOf(manager.getToken(), 'getToken while offline');
    assert(error instanceof TokenUnavailableError && error.cause instanceof TokenSourceError, 'typed');
    assertEqual(error.cause.reason, 'network', 'reason');
    down = false;
    assertEqual(await manager.getToken(), token, 'recovered');
    assertEqual(calls.length, 2, 'requests');
  });

  it('keeps tokens in memory only: no storage, no cookie, no URL carries one', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const clock = new FakeClock();
    const issued: string[] = [];
    const { fetch, calls } = fakeFetch(() => {
      const iat = clock.now() / 1000;
      const token = fakeJwt({ sub: `u${issued.length}`, iat, exp: iat + 60 });
      issued.push(token);
      return json({ token, expiresAt: new Date((iat + 60) * 1000).toISOString() });
    });
    const manager = new TokenManager({ source: { tokenUrl: TOKEN_URL }, fetch, clock, refreshAhead: true });
    const first = await manager.getToken();
    manager.invalidate(first);
    await manager.getToken();
    await clock.advance(2 * MINUTE);
    await manager.getToken();
    assert(issued.length >= 3, `several tokens issued (${issued.length})`);
    assertEqual([localStorage.length, sessionStorage.length], [0, 0], 'storage is empty');
    for (const token of issued) {
      assert(!document.cookie.includes(token), 'no token in cookies');
      assert(!calls.some((call) => call.url.includes(token)), 'no token in a URL');
      assert(!location.href.includes(token), 'no token in the page URL');
    }
    manager.dispose();
  });
});

describe('sharedTokenManager', () => {
  it('one manager per API origin and token source; disposed when the last holder lets go', async () => {
    const key = tokenManagerKey('https://analytics.example.com/', { tokenUrl: '/token' });
    assertEqual(key, `https://analytics.example.com|url:${new URL('/token', document.baseURI).href}`, 'key');
    assertEqual(tokenManagerKey('https://analytics.example.com', { tokenUrl: new URL('/token', document.baseURI).href }), key, 'absolute URL');
    assert(tokenManagerKey('https://other.example.com', { tokenUrl: '/token' }) !== key, 'another API');

    let created = 0;
    const factory = () => {
      created += 1;
      return new TokenManager({ source: { tokenUrl: '/token' } });
    };
    const a = sharedTokenManager(key, factory);
    const b = sharedTokenManager(key, factory);
    assert(a === b, 'the same manager');
    assertEqual(created, 1, 'created once');

    releaseSharedTokenManager(key, a);
    await settle();
    assert(!a.disposed, 'still held by b');
    releaseSharedTokenManager(key, b);
    // Moved in the DOM: taken again in the same task, before disposal.
    const c = sharedTokenManager(key, factory);
    await settle();
    assert(c === a && !a.disposed, 'kept across a move');
    releaseSharedTokenManager(key, c);
    await settle();
    assert(a.disposed, 'disposed after the last release');
    const d = sharedTokenManager(key, factory);
    assert(d !== a && created === 2, 'a new manager after disposal');
    releaseSharedTokenManager(key, d);
  });

  it('keys tell providers and fixed tokens apart without containing a token', () => {
    const p1 = async () => 'a';
    const p2 = async () => 'b';
    const api = 'https://analytics.example.com';
    assertEqual(tokenManagerKey(api, { tokenProvider: p1 }), tokenManagerKey(api, { tokenProvider: p1 }), 'same provider');
    assert(tokenManagerKey(api, { tokenProvider: p1 }) !== tokenManagerKey(api, { tokenProvider: p2 }), 'different providers');
    const t1 = fakeJwt({ sub: 'one', iat: 1, exp: 2 });
    const t2 = fakeJwt({ sub: 'two', iat: 1, exp: 2 });
    const k1 = tokenManagerKey(api, { token: t1 });
    assert(k1 !== tokenManagerKey(api, { token: t2 }), 'different tokens');
    assertEqual(k1, tokenManagerKey(api, { token: t1 }), 'same token');
    assert(!k1.includes(t1) && !k1.includes(t1.split('.')[1]!), 'the key does not contain the token');
  });
});
