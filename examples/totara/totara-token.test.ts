// The Totara plugin (local/kineo) against the real Kineo API: its token.php runs under the PHP CLI
// (tests/token_endpoint.php, with stand-ins for the Moodle API), and every token it mints is
// presented to the app the other tests use. Needs PHP 8.1+ with sodium: `node scripts/ensure-php.mjs`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { parse, stringify } from 'yaml';
import {
  EMBED_TOKEN_TYPE,
  EmbedTokenClaims,
  EmbedTokenResponse,
  ErrorBody,
  FilterOptionsResponse,
  MAX_TOKEN_LIFETIME_SECONDS,
  QueryResult,
  resultRows,
  type FilterOption,
} from '@kineo/core';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app.js';
import { everyDashboardOpenToEveryRole } from '../../server/src/testing/open-catalog.js';
import { ensureDevelopmentSecret } from '../../server/src/auth/development-secrets.js';
import { DEFAULT_TENANTS_FILE } from '../../server/src/tenants/tenant-registry.js';
import { readDemoPersonas, type DemoPersona } from '../../server/src/demo-data/personas.js';

const execFileAsync = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const PLUGIN_DIR = join(here, 'local', 'kineo');
const HARNESS = join(here, 'tests', 'token_endpoint.php');
const PHP = process.env.PHP_PATH || 'php';

const ACME_ISS = 'https://lms.acme.example';
const ED_KID = 'acme-totara-ed';
const LEARNERS_QUERY = { dashboard: 'team-performance', panel: 'learners', page: { limit: 200 } };
const ORG_OPTIONS = '/v1/dashboards/compliance/filters/org/options';

let t: TestApp;
let acmeSecret: string;
let edSeed: string;
let edPublicX: string;
let personas: DemoPersona[];
let allOrgs: FilterOption[];
let registryDir: string | undefined;

/** A registry like the shipped one, plus an EdDSA public host key for acme (as a Totara site would register it). */
function registryWithTotaraKey(jwk: { kty?: string; crv?: string; x?: string }): string {
  const registry = parse(readFileSync(DEFAULT_TENANTS_FILE, 'utf8'));
  const acme = registry.tenants.find((tenant: { id: string }) => tenant.id === 'acme');
  acme.hostKeys.push({ kid: ED_KID, alg: 'EdDSA', publicKey: { kty: jwk.kty, crv: jwk.crv, x: jwk.x } });
  registryDir = mkdtempSync(join(tmpdir(), 'kineo-totara-reg-'));
  const file = join(registryDir, 'tenants.yaml');
  writeFileSync(file, stringify(registry));
  return file;
}

before(async () => {
  try {
    await execFileAsync(PHP, ['-r', 'exit(PHP_VERSION_ID >= 80100 && function_exists("sodium_crypto_sign_detached") ? 0 : 1);'], {
      timeout: 30_000,
    });
  } catch (error) {
    throw new Error(
      `The Totara plugin tests need the PHP CLI 8.1+ with sodium, run as "${PHP}", and it is missing or unusable ` +
        `(${error instanceof Error ? error.message.split('\n')[0] : error}). Run \`node scripts/ensure-php.mjs\` ` +
        '(installs php-cli with apt-get when root) or set PHP_PATH to a PHP binary.',
    );
  }
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  edSeed = privateJwk.d!;
  edPublicX = privateJwk.x!;
  // These tests are about the plugin's tokens and role mapping, read through the team-performance
  // learners panel for every role; which dashboards a role may open is tested in the server.
  t = await createTestApp({ tenantsFile: registryWithTotaraKey(await exportJWK(pair.publicKey)), adjustCatalog: everyDashboardOpenToEveryRole });
  acmeSecret = Buffer.from(ensureDevelopmentSecret(t.config.settings.dataDir, 'acme-dev')).toString('base64url');
  const namespace = t.config.tenants.get('acme')!.namespace;
  personas = await readDemoPersonas(async (sql) =>
    resultRows(await t.engine.run(namespace, sql, {}, { timeoutMs: 10_000, maxRows: 10_000 })),
  );
  const admin = await t.token({ tenant: 'acme', role: 'admin' });
  allOrgs = orgOptions(await get(ORG_OPTIONS, admin));
});
after(async () => {
  await t?.close();
  if (registryDir) rmSync(registryDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Running the plugin

interface EndpointResponse {
  status: number;
  headers: Map<string, string>;
  body: unknown;
  sessionClosed: boolean;
}

/** The plugin settings of a site signing with acme's HS256 development secret. */
const hs256Settings = (): Record<string, string> => ({
  LOCAL_KINEO_TENANT: 'acme',
  LOCAL_KINEO_ISSUER: ACME_ISS,
  LOCAL_KINEO_KID: 'acme-dev',
  LOCAL_KINEO_ALG: 'HS256',
  LOCAL_KINEO_SECRET: acmeSecret,
});

/** The plugin settings of a site signing with the test's Ed25519 key. */
const eddsaSettings = (): Record<string, string> => ({
  LOCAL_KINEO_TENANT: 'acme',
  LOCAL_KINEO_ISSUER: ACME_ISS,
  LOCAL_KINEO_KID: ED_KID,
  LOCAL_KINEO_ALG: 'EdDSA',
  LOCAL_KINEO_ED25519_SEED: edSeed,
});

/** Runs the PHP harness; fails if anything it printed holds a configured secret. */
async function php(args: string[], settings: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  let output: { stdout: string; stderr: string };
  try {
    // Only PATH and the plugin settings: nothing of this process's environment leaks in.
    output = await execFileAsync(PHP, [HARNESS, ...args], { env: { PATH: process.env.PATH ?? '', ...settings }, timeout: 30_000 });
  } catch (error) {
    const failed = error as { message: string; stderr?: string };
    throw new Error(`the PHP harness failed: ${failed.stderr?.trim() || failed.message}`);
  }
  for (const name of ['LOCAL_KINEO_SECRET', 'LOCAL_KINEO_ED25519_SEED']) {
    const secret = settings[name];
    if (secret && secret.length >= 8) {
      assert.ok(!output.stdout.includes(secret), `${name} appears in the endpoint's output`);
      assert.ok(!output.stderr.includes(secret), `${name} appears in the endpoint's stderr`);
    }
  }
  return output;
}

/** Runs token.php for one scenario and returns its HTTP response. */
async function endpoint(args: string[], settings = hs256Settings()): Promise<EndpointResponse> {
  const { stdout, stderr } = await php(args, settings);
  const meta = stderr.split('\n').find((line) => line.startsWith('kineo-harness-response '));
  assert.ok(meta, `the harness reported no response: ${stderr}`);
  const { status, headers, sessionClosed } = JSON.parse(meta.slice('kineo-harness-response '.length)) as {
    status: number;
    headers: string[];
    sessionClosed: boolean;
  };
  const headerMap = new Map(headers.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status, headers: headerMap, body: JSON.parse(stdout), sessionClosed };
}

/** Runs token.php and returns the token it minted, checking the response on the way. */
async function mint(args: string[], settings = hs256Settings()): Promise<{ token: string; expiresAt: string; claims: EmbedTokenClaims }> {
  const response = await endpoint(args, settings);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const body = EmbedTokenResponse.parse(response.body);
  assert.deepEqual(Object.keys(response.body as object).sort(), ['expiresAt', 'token']);
  return { ...body, claims: EmbedTokenClaims.parse(decodeJwt(body.token)) };
}

// ---------------------------------------------------------------------------------------------
// Talking to the API

async function get(path: string, token: string): Promise<{ status: number; body: unknown }> {
  const response = await t.request(path, token);
  return { status: response.status, body: await response.json() };
}

async function post(path: string, token: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await t.request(path, token, body);
  return { status: response.status, body: await response.json() };
}

function orgOptions(response: { status: number; body: unknown }): FilterOption[] {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const options = FilterOptionsResponse.parse(response.body);
  if (options.kind === 'dateRange') throw new Error('the org filter is not a select');
  return options.options;
}

/** The user_id of every row of the team-performance learners panel the token sees. */
async function learnerRows(token: string): Promise<unknown[]> {
  const response = await post('/v1/query', token, LEARNERS_QUERY);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const result = QueryResult.parse(response.body);
  return resultRows(result).map((row) => row.user_id);
}

async function assertRejected(token: string, what: string): Promise<void> {
  t.engine.reset();
  const response = await post('/v1/query', token, LEARNERS_QUERY);
  assert.equal(response.status, 401, `${what}: ${JSON.stringify(response.body)}`);
  assert.equal(ErrorBody.parse(response.body).error.code, 'unauthenticated');
  assert.equal(t.engine.runs.length, 0, `${what}: a query ran for a rejected token`);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The token with the character at `index` altered so that the bytes it encodes change: the top
 * bit of its 6-bit value flips (the low bits of a segment's last character may be padding, which
 * a decoder ignores). A '.' becomes a letter.
 */
function alterAt(token: string, index: number): string {
  const char = token[index]!;
  const value = BASE64URL.indexOf(char);
  const replacement = char === '.' ? 'A' : BASE64URL[value ^ 0b100000]!;
  assert.notEqual(replacement, char);
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

/** Every single-character alteration of the token is refused; the unaltered token is accepted. */
async function assertEveryAlterationRejected(token: string): Promise<void> {
  assert.equal((await post('/v1/query', token, LEARNERS_QUERY)).status, 200, 'the unaltered token (control)');
  const [header, payload] = token.split('.') as [string, string, string];
  const positions = { header: 0, payload: header.length + 1, signature: header.length + payload.length + 2 };
  for (let index = 0; index < token.length; index++) {
    const part = index >= positions.signature ? 'signature' : index >= positions.payload ? 'payload' : 'header';
    await assertRejected(alterAt(token, index), `${part} character ${index} altered`);
  }
}

const persona = (role: DemoPersona['role']) => {
  const found = personas.find((p) => p.role === role);
  assert.ok(found, `the demo data has no ${role} persona`);
  return found;
};

// ---------------------------------------------------------------------------------------------

describe('the plugin files', () => {
  test('are valid PHP, and every string they use is in the language file', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }))
        entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.php') && files.push(join(dir, entry.name));
    };
    walk(PLUGIN_DIR);
    walk(join(here, 'tests'));
    assert.ok(files.length >= 10, `only ${files.length} PHP files`);
    for (const file of files) {
      const { stdout } = await execFileAsync(PHP, ['-l', file]);
      assert.match(stdout, /No syntax errors/, relative(here, file));
    }

    const strings = new Set(
      [...readFileSync(join(PLUGIN_DIR, 'lang', 'en', 'local_kineo.php'), 'utf8').matchAll(/^\$string\['([^']+)'\]/gm)].map((m) => m[1]),
    );
    const used = new Set<string>(['pluginname', 'kineo:viewall']);
    for (const file of files.filter((f) => f.startsWith(PLUGIN_DIR))) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/(?:get_string|lang_string)\('([^']+)', 'local_kineo'/g)) used.add(m[1]!);
      for (const m of source.matchAll(/'(privacy:metadata:[^']+)'/g)) used.add(m[1]!);
    }
    for (const name of used) assert.ok(strings.has(name), `lang/en/local_kineo.php has no string '${name}'`);
  });
});

describe('HS256 tokens from token.php are accepted and scoped by the mapped role', () => {
  test('(a) a learner sees only their own rows', async () => {
    const learner = persona('learner');
    const { token, claims } = await mint([`--idnumber=${learner.sub}`, '--user-id=77']);
    assert.equal(claims.role, 'learner');
    assert.equal(claims.sub, learner.sub);
    assert.equal(claims.orgs, undefined);
    assert.deepEqual(await learnerRows(token), [learner.sub]);
  });

  test('(b) the manager of job assignments gets their organisations and sees only that subtree', async () => {
    const manager = persona('manager');
    const org = manager.organisation.id;
    const jobs = [
      { id: 100, userid: 42, organisationid: 7, sortorder: 1 },
      { id: 101, userid: 43, organisationid: 7, managerjaid: 100 },
      { id: 102, userid: 44, organisationid: 7, managerjaid: 100 },
      // The manager's second job, in another organisation, manages no one: it grants nothing.
      { id: 103, userid: 42, organisationid: 8, sortorder: 2 },
    ];
    const orgs = [
      { id: 7, idnumber: org },
      { id: 8, idnumber: allOrgs.find((o) => o.value !== org && o.depth === 1)!.value },
    ];
    const { token, claims } = await mint([
      `--idnumber=${manager.sub}`,
      '--user-id=42',
      `--job-assignments=${JSON.stringify(jobs)}`,
      `--orgs=${JSON.stringify(orgs)}`,
    ]);
    assert.equal(claims.role, 'manager');
    assert.deepEqual(claims.orgs, [org]);

    const scoped = orgOptions(await get(ORG_OPTIONS, token));
    assert.equal(scoped[0]!.value, org, 'their organisation comes first');
    assert.equal(scoped[0]!.depth, 0);
    assert.ok(scoped.length > 1 && scoped.length < allOrgs.length, `${scoped.length} of ${allOrgs.length} organisations`);
    const all = new Set(allOrgs.map((o) => o.value));
    for (const option of scoped) assert.ok(all.has(option.value));
    assert.ok(!scoped.some((o) => o.value === orgs[1]!.idnumber), 'the unmanaged organisation is not in scope');

    // One of their staff (whose job names them as manager) is only a learner.
    const staff = await mint(['--idnumber=acme-u000999', '--user-id=43', `--job-assignments=${JSON.stringify(jobs)}`, `--orgs=${JSON.stringify(orgs)}`]);
    assert.equal(staff.claims.role, 'learner');
  });

  test('(b) a manager whose organisations have no usable idnumber, or a plain Moodle site, gives a learner', async () => {
    const jobs = JSON.stringify([
      { id: 1, userid: 42, organisationid: 7 },
      { id: 2, userid: 43, managerjaid: 1 },
    ]);
    const noIdnumber = await mint(['--idnumber=acme-u000100', '--user-id=42', `--job-assignments=${jobs}`, '--orgs=[{"id":7,"idnumber":""}]']);
    assert.equal(noIdnumber.claims.role, 'learner');
    const numeric = await mint(['--idnumber=acme-u000100', '--user-id=42', `--job-assignments=${jobs}`, '--orgs=[{"id":7,"idnumber":"1234"}]']);
    assert.deepEqual(numeric.claims.orgs, ['1234'], 'a numeric idnumber stays a string');
    const moodle = await mint(['--idnumber=acme-u000100', '--user-id=42', '--no-totara']);
    assert.equal(moodle.claims.role, 'learner');
  });

  test('(c) a site admin gets admin; a holder of local/kineo:viewall gets a tenant-wide analyst', async () => {
    const admin = await mint([`--idnumber=${persona('admin').sub}`, '--admin']);
    assert.equal(admin.claims.role, 'admin');
    assert.equal(admin.claims.orgs, undefined);
    assert.equal(orgOptions(await get(ORG_OPTIONS, admin.token)).length, allOrgs.length);

    // Admin wins over being a manager too.
    const jobs = JSON.stringify([{ id: 1, userid: 2, organisationid: 7 }, { id: 2, userid: 3, managerjaid: 1 }]);
    const adminManager = await mint(['--admin', `--job-assignments=${jobs}`, `--orgs=[{"id":7,"idnumber":"${allOrgs[1]!.value}"}]`]);
    assert.equal(adminManager.claims.role, 'admin');

    const analyst = await mint([`--idnumber=${persona('analyst').sub}`, '--analyst', `--job-assignments=${jobs}`]);
    assert.equal(analyst.claims.role, 'analyst');
    assert.equal(analyst.claims.orgs, undefined);
    assert.equal(orgOptions(await get(ORG_OPTIONS, analyst.token)).length, allOrgs.length);
  });

  test('a user without an idnumber is the configured prefix + user id', async () => {
    const { claims } = await mint(['--user-id=314'], { ...hs256Settings(), LOCAL_KINEO_SUB_PREFIX: 'totara-' });
    assert.equal(claims.sub, 'totara-314');
  });
});

describe('(d) the endpoint response', () => {
  test('is JSON, never cached, with expiresAt = exp, lifetime 10 minutes and the right header', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await endpoint(['--idnumber=acme-u000054']);
    const after = Math.ceil(Date.now() / 1000);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json\b/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.sessionClosed, true, 'token.php releases the session lock');

    const { token, expiresAt } = EmbedTokenResponse.parse(response.body);
    assert.match(expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', kid: 'acme-dev', typ: EMBED_TOKEN_TYPE });
    const claims = EmbedTokenClaims.parse(decodeJwt(token));
    assert.equal(Date.parse(expiresAt), claims.exp * 1000);
    assert.ok(claims.iat >= before && claims.iat <= after, `iat ${claims.iat} not in [${before}, ${after}]`);
    assert.equal(claims.exp - claims.iat, 600);
    assert.equal(claims.iss, ACME_ISS);
    assert.equal(claims.aud, 'kineo-embed');
    assert.equal(claims.tenant, 'acme');
    assert.match(claims.jti ?? '', /^[0-9a-f]{32}$/);

    const again = await mint(['--idnumber=acme-u000054', '--method=GET']);
    assert.notEqual(again.claims.jti, claims.jti, 'every token has its own jti');
  });

  test('a configured lifetime over 15 minutes is capped at 15, and the API accepts it', async () => {
    const { token, claims } = await mint([`--idnumber=${persona('learner').sub}`], { ...hs256Settings(), LOCAL_KINEO_TTL: '3600' });
    assert.equal(claims.exp - claims.iat, MAX_TOKEN_LIFETIME_SECONDS);
    assert.equal((await post('/v1/query', token, LEARNERS_QUERY)).status, 200);
  });

  test('refuses the signed-out, guests and other methods; a missing or short secret mints nothing', async () => {
    const cases: [string[], Record<string, string>, number, string][] = [
      [['--logged-out'], hs256Settings(), 401, 'unauthenticated'],
      [['--guest'], hs256Settings(), 403, 'forbidden'],
      [['--method=PUT'], hs256Settings(), 405, 'method_not_allowed'],
      [[], { ...hs256Settings(), LOCAL_KINEO_SECRET: '' }, 503, 'not_configured'],
      [[], { ...hs256Settings(), LOCAL_KINEO_SECRET: Buffer.alloc(31, 7).toString('base64url') }, 503, 'not_configured'],
      [[], { ...hs256Settings(), LOCAL_KINEO_ALG: 'RS256' }, 503, 'not_configured'],
      [[], { ...eddsaSettings(), LOCAL_KINEO_ED25519_SEED: acmeSecret.slice(0, 20) }, 503, 'not_configured'],
    ];
    for (const [args, settings, status, error] of cases) {
      const response = await endpoint(['--idnumber=acme-u000054', ...args], settings);
      assert.equal(response.status, status, `${args.join(' ')}: ${JSON.stringify(response.body)}`);
      assert.equal((response.body as { error: string }).error, error);
      assert.ok(!('token' in (response.body as object)));
      assert.equal(response.headers.get('cache-control'), 'no-store');
    }
  });
});

describe('(e) tokens the API must refuse', () => {
  test('one altered character anywhere (header, payload, signature) → 401', async () => {
    const { token } = await mint([`--idnumber=${persona('learner').sub}`]);
    await assertEveryAlterationRejected(token);
  });

  test('a site configured with the wrong issuer, audience, tenant or secret → 401', async () => {
    const sub = `--idnumber=${persona('learner').sub}`;
    const wrong: [string, Record<string, string>][] = [
      ['issuer', { LOCAL_KINEO_ISSUER: 'https://totara.example.test' }],
      ['audience', { LOCAL_KINEO_AUDIENCE: 'someone-else' }],
      ['tenant', { LOCAL_KINEO_TENANT: 'techcorp' }],
      ['secret', { LOCAL_KINEO_SECRET: Buffer.alloc(32, 1).toString('base64url') }],
      ['kid', { LOCAL_KINEO_KID: 'techcorp-dev' }],
    ];
    for (const [what, override] of wrong) await assertRejected((await mint([sub], { ...hs256Settings(), ...override })).token, what);
  });
});

describe('(f) EdDSA (Ed25519) tokens', () => {
  test('the plugin derives the public key to register from the seed', async () => {
    const { stdout } = await php(['--print=public-jwk'], eddsaSettings());
    assert.deepEqual(JSON.parse(stdout), { kty: 'OKP', crv: 'Ed25519', x: edPublicX });
  });

  test('are accepted for the registered key and refused once altered', async () => {
    const learner = persona('learner');
    const { token, claims } = await mint([`--idnumber=${learner.sub}`], eddsaSettings());
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'EdDSA', kid: ED_KID, typ: EMBED_TOKEN_TYPE });
    assert.equal(claims.exp - claims.iat, 600);
    assert.deepEqual(await learnerRows(token), [learner.sub]);
    await assertEveryAlterationRejected(token);
  });

  test('signed with another seed, or under the HS256 kid → 401', async () => {
    const sub = `--idnumber=${persona('learner').sub}`;
    const other = Buffer.alloc(32, 9).toString('base64url');
    await assertRejected((await mint([sub], { ...eddsaSettings(), LOCAL_KINEO_ED25519_SEED: other })).token, 'another seed');
    await assertRejected((await mint([sub], { ...eddsaSettings(), LOCAL_KINEO_KID: 'acme-dev' })).token, 'EdDSA under the HS256 kid');
  });
});

describe('the page snippet', () => {
  test('points the element at the API and at token.php', async () => {
    const { stdout } = await php(['--print=snippet=learning-progress'], { LOCAL_KINEO_API_URL: 'https://analytics.example.com/' });
    assert.equal(
      stdout.trim(),
      '<script type="module" src="https://analytics.example.com/elements/kineo.js"></script>\n' +
        '<kineo-dashboard api="https://analytics.example.com" dashboard="learning-progress" ' +
        'token-url="https://totara.example.test/local/kineo/token.php"></kineo-dashboard>',
    );
  });
});
