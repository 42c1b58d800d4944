/**
 * Runs the test warehouse on its own, serving the seeded demo tenants as Databricks catalogs
 * (acme → kineo_acme.gold, techcorp → kineo_techcorp.gold):
 *
 *   npx tsx server/src/testing/databricks-warehouse/main.ts [--port N] [--data .kineo] [--cert-out file] [--token T]
 *       [--registry-out file]
 *
 * Prints the DATABRICKS_* lines (stdout, one per line) that point the API at it; with
 * `--registry-out`, also writes the shipped tenant registry with both tenants on the Databricks
 * engine and prints its KINEO_TENANTS_FILE line. Stays up until SIGINT/SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWarehouseData, demoWarehouseNamespaces } from './warehouse-data.js';
import { startTestWarehouse } from './test-warehouse.js';
import { writeDatabricksRegistry } from '../databricks-registry.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string', default: '.kineo' },
    'cert-out': { type: 'string' },
    token: { type: 'string' },
    'registry-out': { type: 'string' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port ${values.port} is not a port number`);

const warehouseDir = mkdtempSync(join(tmpdir(), 'kineo-warehouse-'));
const removeData = () => rmSync(warehouseDir, { recursive: true, force: true });
try {
  await buildWarehouseData(resolve(values.data), warehouseDir, { ...demoWarehouseNamespaces });
} catch (error) {
  removeData();
  console.error(`Could not load the demo data from ${resolve(values.data)} (run \`npx kineo seed\` first): ${(error as Error).message}`);
  process.exit(1);
}
const warehouse = await startTestWarehouse({ dataDir: warehouseDir, port, ...(values.token ? { token: values.token } : {}) });
const env = warehouse.env(resolve(values['cert-out'] ?? join(warehouseDir, 'ca.pem')));
console.error(`Test warehouse on https://${warehouse.host}:${warehouse.port}${warehouse.path} serving ${Object.values(demoWarehouseNamespaces).join(', ')}`);
for (const [key, value] of Object.entries(env)) console.log(`${key}=${value}`);
if (values['registry-out'])
  console.log(`KINEO_TENANTS_FILE=${writeDatabricksRegistry(resolve(values['registry-out']), demoWarehouseNamespaces)}`);

const stop = async () => {
  await warehouse.close();
  removeData();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
