import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/load-catalog.js';
import { loadTenantRegistry, DEFAULT_TENANTS_FILE } from '../tenants/tenant-registry.js';
import { seedDemoData } from '../cli/seed-command.js';

/** Env var naming a folder already seeded with the demo tenants (set once by the test runner). */
export const TEST_DATA_ENV = 'KINEO_TEST_DATA_DIR';

/**
 * A data folder holding both demo tenants at default size. The test runner seeds one folder for
 * all test files; a test file run on its own seeds a temporary one.
 */
export async function demoDataDir(): Promise<string> {
  const shared = process.env[TEST_DATA_ENV];
  if (shared && ['acme', 'techcorp'].every((ns) => existsSync(join(shared, `${ns}.duckdb`)))) return shared;
  const dir = shared ?? mkdtempSync(join(tmpdir(), 'kineo-test-'));
  mkdirSync(dir, { recursive: true });
  const tenants = loadTenantRegistry(DEFAULT_TENANTS_FILE, loadCatalog());
  await seedDemoData({ dataDir: dir, tenants });
  return dir;
}
