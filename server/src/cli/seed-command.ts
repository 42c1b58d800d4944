import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { demoTenantProfiles, scaledUserCount } from '../demo-data/profiles.js';
import { writeDemoDatabase } from '../demo-data/write-duckdb.js';
import type { TenantRegistry } from '../tenants/tenant-registry.js';
import { progressPrinter } from './progress.js';

const demoProfileOf = (tenantId: string) => demoTenantProfiles.find((profile) => profile.id === tenantId);

export interface SeedOptions {
  dataDir: string;
  tenants: TenantRegistry;
  /** Users of the largest demo tenant; the others scale in proportion. */
  users?: number;
  /** Re-generate even when a tenant already has data. */
  force?: boolean;
}

/**
 * Generates the demo data of every registered tenant that has a demo profile, one DuckDB file
 * per tenant namespace. Tenants that already have data are left alone unless `force`.
 */
export async function seedDemoData(options: SeedOptions): Promise<void> {
  mkdirSync(options.dataDir, { recursive: true });
  for (const tenant of options.tenants.all()) {
    if (tenant.engine !== 'duckdb') {
      process.stderr.write(`${tenant.id}: data lives in ${tenant.engine}, skipped (load it with \`kineo databricks-sql\`)\n`);
      continue;
    }
    const profile = demoProfileOf(tenant.id);
    if (!profile) {
      process.stderr.write(`${tenant.id}: no demo profile, skipped (its data comes from elsewhere)\n`);
      continue;
    }
    const file = join(options.dataDir, `${tenant.namespace}.duckdb`);
    if (existsSync(file) && !options.force) {
      process.stderr.write(`${tenant.id}: data already in ${file} (use --force to regenerate)\n`);
      continue;
    }
    const users = scaledUserCount(profile, options.users);
    const progress = progressPrinter(`${tenant.id}: seeding ${users.toLocaleString('en')} users`);
    const started = performance.now();
    const { rows } = await writeDemoDatabase({
      tenant: tenant.id,
      file,
      users,
      onProgress: ({ table, done, total }) => progress.update(done, total, table),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = Object.entries(rows)
      .map(([table, count]) => `${table} ${count.toLocaleString('en')}`)
      .join(', ');
    progress.done(`${summary} in ${seconds} s`);
  }
}

/** Tenants whose demo data file does not exist yet. */
export function tenantsMissingData(dataDir: string, tenants: TenantRegistry): string[] {
  return tenants
    .all()
    .filter((tenant) => tenant.engine === 'duckdb' && demoProfileOf(tenant.id) && !existsSync(join(dataDir, `${tenant.namespace}.duckdb`)))
    .map((tenant) => tenant.id);
}
