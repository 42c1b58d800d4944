// The end-to-end tests' data: the demo tenants seeded once into `.kineo-e2e/` (kept between runs
// while the demo data generator is unchanged), and a tenant registry written for one run, whose
// `allowedOrigins` name exactly the origins of that run's page servers.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { isRunning } from './lock.js';
import { runKineo } from './processes.js';
import { E2E_DATA_DIR, demoDataSources, shippedTenantsFile } from './repo.js';

export interface TenantEntry {
  id: string;
  displayName: string;
  namespace: string;
  issuer: string;
  hostKeys: { kid: string; alg: string }[];
  allowedOrigins?: string[];
  dashboards: string[];
  theme?: Record<string, unknown>;
}

/** The shipped registry, parsed. */
export function shippedRegistry(): { tenants: TenantEntry[] } {
  return parse(readFileSync(shippedTenantsFile, 'utf8')) as { tenants: TenantEntry[] };
}

/** Both spellings of a loopback origin on `port`. */
export function loopbackOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/**
 * Writes the run's registry into the data folder: the shipped one, each tenant's `allowedOrigins`
 * replaced by `originsByTenant[tenant]` (none when absent), so no origin of another run or of the
 * demo's fixed ports is allowed. Returns the file; the caller removes it after the run.
 */
export function writeRunRegistry(originsByTenant: Record<string, string[]>): string {
  const registry = shippedRegistry();
  for (const tenant of registry.tenants) tenant.allowedOrigins = originsByTenant[tenant.id] ?? [];
  mkdirSync(E2E_DATA_DIR, { recursive: true, mode: 0o700 });
  removeRegistriesOfEndedRuns();
  const file = join(E2E_DATA_DIR, `tenants.${process.pid}.yaml`);
  writeFileSync(file, stringify(registry));
  return file;
}

/** A run killed outright (SIGKILL) leaves its registry behind: removed once its process is gone. */
function removeRegistriesOfEndedRuns(): void {
  for (const name of readdirSync(E2E_DATA_DIR)) {
    const pid = /^tenants\.(\d+)\.yaml$/.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) rmSync(join(E2E_DATA_DIR, name), { force: true });
  }
}


/**
 * Seeds the demo tenants into `.kineo-e2e/` unless every tenant's file is there and newer than the
 * demo data generator. Seeds into a private folder first and moves the finished files in, so a run
 * that starts meanwhile never opens a half-written database. Resolves with whether it seeded.
 */
export async function seedUnlessCurrent(tenantsFile: string): Promise<boolean> {
  const namespaces = shippedRegistry().tenants.map((tenant) => tenant.namespace);
  const files = namespaces.map((namespace) => join(E2E_DATA_DIR, `${namespace}.duckdb`));
  const generatorChanged = newestModification(demoDataSources);
  if (files.every((file) => existsSync(file) && statSync(file).mtimeMs > generatorChanged)) return false;

  const seedDir = join(E2E_DATA_DIR, `.seeding-${process.pid}`);
  rmSync(seedDir, { recursive: true, force: true });
  try {
    await runKineo(['seed', '--force'], { KINEO_DATA_DIR: seedDir, KINEO_TENANTS_FILE: tenantsFile });
    for (const namespace of namespaces) renameSync(join(seedDir, `${namespace}.duckdb`), join(E2E_DATA_DIR, `${namespace}.duckdb`));
  } finally {
    rmSync(seedDir, { recursive: true, force: true });
  }
  return true;
}

function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isFile() && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs);
  return newest;
}
