/**
 * Seeds the demo tenants into a benchmark data folder. Run as a child process by the benchmark
 * (`tsx bench/seed-data.ts <dataDir> [users]`) so the generator's memory never counts towards
 * the benchmark process's peak RSS.
 */
import { loadCatalog } from '../server/src/catalog/load-catalog.js';
import { seedDemoData } from '../server/src/cli/seed-command.js';
import { DEFAULT_TENANTS_FILE, loadTenantRegistry } from '../server/src/tenants/tenant-registry.js';

const [dataDir, usersArg] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: tsx bench/seed-data.ts <dataDir> [users]\n');
  process.exit(2);
}
const users = usersArg === undefined || usersArg === '' ? undefined : Number(usersArg);
if (users !== undefined && !(Number.isInteger(users) && users > 0)) {
  process.stderr.write(`users must be a positive integer, not "${usersArg}"\n`);
  process.exit(2);
}

const tenants = loadTenantRegistry(DEFAULT_TENANTS_FILE, loadCatalog());
await seedDemoData({ dataDir, tenants, ...(users === undefined ? {} : { users }) });
