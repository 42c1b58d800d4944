// The product as a user meets it, on loopback, for one test file: the real Kineo API (a child
// process on the seeded `.kineo-e2e/` data), the demo portal, acme's script-tag LMS page, and the
// same LMS page on a "foreign" origin that no tenant allows and on an origin that only techcorp
// allows. The page servers run in this process.
//
// Ports are chosen first, then the run's tenant registry is written with them: the portal's origin
// for both tenants, the LMS page's for acme only, one more for techcorp only, the foreign one in no
// list. The API keys come from `kineo keys create` and the personas from `kineo personas` (same
// KINEO_DATA_DIR); both are kept in `.kineo-e2e/e2e-host/` (owner-only) and reused while they work.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { DemoPersona } from '../../server/src/demo-data/personas.js';
import { loopbackOrigins, seedUnlessCurrent, shippedRegistry, writeRunRegistry } from './demo-data.js';
import { ensureBuilt } from './build.js';
import { onInterrupt } from './interrupt.js';
import { withLock } from './lock.js';
import { freePorts, runKineo, startApi, type RunningApi } from './processes.js';
import { E2E_DATA_DIR, repoRoot } from './repo.js';

export type TenantId = 'acme' | 'techcorp';
export const TENANTS: readonly TenantId[] = ['acme', 'techcorp'];
/** The tenant whose LMS page embeds with the script tag. */
export const LMS_TENANT: TenantId = 'acme';
/** The LMS page's users as the script-tag example defines them (what the test uses of them). */
export interface LmsUser {
  sub: string;
  name: string;
  role: DemoPersona['role'];
  orgs?: string[];
}

export interface E2eStack {
  apiUrl: string;
  /** e.g. `http://localhost:41235`, allowed for both tenants. */
  portalUrl: string;
  /** acme's LMS page, allowed for acme only. */
  lmsUrl: string;
  /** The same LMS page on an origin no tenant allows. */
  foreignLmsUrl: string;
  /** The same (acme) LMS page on an origin that techcorp allows and acme does not. */
  techcorpOriginLmsUrl: string;
  dataDir: string;
  personas: Record<TenantId, DemoPersona[]>;
  /** The LMS page's users; the first is signed in on a first visit. */
  lmsUsers: LmsUser[];
  /** Log lines of the page servers (for failure messages). */
  pageServerLog: string[];
  api: RunningApi;
  stop(): Promise<void>;
}

interface PortalModule {
  createPortalServer(options: {
    apiUrl: string;
    apiKeys: Record<string, string>;
    personas: Record<string, DemoPersona[]>;
    log?: (message: string, fields?: Record<string, unknown>) => void;
  }): Server;
}

interface ScriptTagModule {
  createScriptTagServer(options: {
    apiUrl: string;
    tenant: string;
    issuer: string;
    hostKey: { kid: string; secret: string };
    users: LmsUser[];
    allowShortTtl?: boolean;
    log?: (message: string, fields?: Record<string, unknown>) => void;
  }): Server;
  loadUsers(): LmsUser[];
  readDevelopmentSecret(dataDir: string, kid: string): string;
}

const hostDir = join(E2E_DATA_DIR, 'e2e-host');
const keysFile = join(hostDir, 'api-keys.json');
const personasFile = join(hostDir, 'personas.json');


function writePrivate(file: string, value: unknown): void {
  mkdirSync(hostDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The personas of each tenant, from `kineo personas`, cached until the data is seeded again. */
async function demoPersonas(env: Record<string, string>): Promise<Record<TenantId, DemoPersona[]>> {
  const seededAt = Math.max(...TENANTS.map((tenant) => statSync(join(E2E_DATA_DIR, `${tenant}.duckdb`)).mtimeMs));
  const cached = readJson<{ seededAt: number; personas: Record<TenantId, DemoPersona[]> }>(personasFile);
  if (cached?.seededAt === seededAt) return cached.personas;
  const lists = await Promise.all(TENANTS.map((tenant) => runKineo(['personas', '--tenant', tenant], env)));
  const personas = Object.fromEntries(TENANTS.map((tenant, i) => [tenant, JSON.parse(lists[i]!) as DemoPersona[]])) as Record<TenantId, DemoPersona[]>;
  writePrivate(personasFile, { seededAt, personas });
  return personas;
}

/** Whether the API accepts `key` as the tenant API key it is (it mints a token with it). */
async function keyWorks(apiUrl: string, key: string, persona: DemoPersona): Promise<boolean> {
  const response = await fetch(new URL('/v1/embed-tokens', apiUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sub: persona.sub, role: persona.role }),
  });
  await response.body?.cancel();
  return response.ok;
}

/** The portal's API keys: the stored ones while the API accepts them, else new ones from `kineo keys create`. */
async function portalApiKeys(
  apiUrl: string,
  env: Record<string, string>,
  personas: Record<TenantId, DemoPersona[]>,
): Promise<Record<TenantId, string>> {
  const usable = async () => {
    const stored = readJson<Record<TenantId, string>>(keysFile);
    const works = stored && (await Promise.all(TENANTS.map((tenant) => keyWorks(apiUrl, stored[tenant] ?? '', personas[tenant][0]!)))).every(Boolean);
    return works ? stored : undefined;
  };
  const stored = await usable();
  if (stored) return stored;
  // Test files running side by side would otherwise both create keys, and the API's key file
  // (read, changed, written by each `kineo keys create`) could lose one.
  return withLock(join(hostDir, 'keys.lock'), async () => {
    const meanwhile = await usable();
    if (meanwhile) return meanwhile;
    // One tenant after the other, for the same reason.
    const keys = {} as Record<TenantId, string>;
    for (const tenant of TENANTS) keys[tenant] = (await runKineo(['keys', 'create', '--tenant', tenant, '--label', 'e2e portal'], env)).trim();
    writePrivate(keysFile, keys);
    return keys;
  });
}


async function listen(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function close(server: Server): Promise<void> {
  if (!server.listening) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** What `kineo serve` writes into a fresh data folder. */
function generatedOnFirstStart(): string[] {
  const hostKeys = shippedRegistry().tenants.flatMap((tenant) => tenant.hostKeys.map((key) => join(E2E_DATA_DIR, 'secrets', `${key.kid}.secret`)));
  return [...hostKeys, join(E2E_DATA_DIR, 'keys', 'api-signing-keys.json')];
}

/** Starts everything; `stop()` stops it all again (call it in `after`, also after a failed start). */
export async function startE2eStack(): Promise<E2eStack> {
  await ensureBuilt();
  const [portalPort, lmsPort, foreignPort, techcorpPort] = (await freePorts(4)) as [number, number, number, number];
  const tenantsFile = writeRunRegistry({
    acme: [...loopbackOrigins(portalPort), ...loopbackOrigins(lmsPort)],
    techcorp: [...loopbackOrigins(portalPort), ...loopbackOrigins(techcorpPort)],
  });
  const env = { KINEO_DATA_DIR: E2E_DATA_DIR, KINEO_TENANTS_FILE: tenantsFile };
  const servers: Server[] = [];
  let api: RunningApi | undefined;
  const pageServerLog: string[] = [];
  const log = (message: string, fields?: Record<string, unknown>) => pageServerLog.push(`${message} ${JSON.stringify(fields ?? {})}`);

  const stop = async () => {
    forget();
    await Promise.all(servers.map(close));
    await api?.stop();
    rmSync(tenantsFile, { force: true });
  };
  const forget = onInterrupt(stop);

  try {
    // The first API start on a fresh folder generates the tenants' development secrets and the
    // API's signing keys: a test file starting alongside waits for that (and for the seeding)
    // rather than generating its own.
    const personas = await withLock(join(E2E_DATA_DIR, 'start.lock'), async () => {
      await seedUnlessCurrent(tenantsFile);
      if (!generatedOnFirstStart().every((file) => existsSync(file))) api = await startApi(env);
      return demoPersonas(env);
    });
    api ??= await startApi(env);
    const apiKeys = await portalApiKeys(api.url, env, personas);

    const portal = (await import(new URL('examples/portal/server.js', `file://${repoRoot}`).href)) as PortalModule;
    const scriptTag = (await import(new URL('examples/script-tag/server.js', `file://${repoRoot}`).href)) as ScriptTagModule;
    const acme = shippedRegistry().tenants.find((tenant) => tenant.id === LMS_TENANT)!;
    const hostKey = { kid: acme.hostKeys[0]!.kid, secret: scriptTag.readDevelopmentSecret(E2E_DATA_DIR, acme.hostKeys[0]!.kid) };
    const lmsUsers = scriptTag.loadUsers();
    const lmsServer = () =>
      scriptTag.createScriptTagServer({ apiUrl: api!.url, tenant: LMS_TENANT, issuer: acme.issuer, hostKey, users: lmsUsers, allowShortTtl: true, log });

    const pages: [Server, number][] = [
      [portal.createPortalServer({ apiUrl: api.url, apiKeys, personas, log }), portalPort],
      [lmsServer(), lmsPort],
      [lmsServer(), foreignPort],
      [lmsServer(), techcorpPort],
    ];
    servers.push(...pages.map(([server]) => server));
    await Promise.all(pages.map(([server, port]) => listen(server, port)));

    return {
      apiUrl: api.url,
      portalUrl: `http://localhost:${portalPort}`,
      lmsUrl: `http://localhost:${lmsPort}`,
      foreignLmsUrl: `http://localhost:${foreignPort}`,
      techcorpOriginLmsUrl: `http://localhost:${techcorpPort}`,
      dataDir: E2E_DATA_DIR,
      personas,
      lmsUsers,
      pageServerLog,
      api,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
