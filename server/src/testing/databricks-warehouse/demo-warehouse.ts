import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DBSQLClient, type LogLevel } from '@databricks/sql';
import { demoDataDir } from '../test-data.js';
import { buildWarehouseData, demoWarehouseNamespaces } from './warehouse-data.js';
import { startTestWarehouse, type TestWarehouse, type TestWarehouseOptions } from './test-warehouse.js';

export type ConnectionOptions = Parameters<DBSQLClient['connect']>[0];

/**
 * A test warehouse serving the seeded demo tenants (acme → `kineo_acme.gold`, techcorp →
 * `kineo_techcorp.gold`, or the `namespaces` given); closing it also removes its data folder.
 */
export async function startDemoWarehouse(
  options: Omit<TestWarehouseOptions, 'dataDir'> & { namespaces?: Record<string, string> } = {},
): Promise<TestWarehouse> {
  const { namespaces = demoWarehouseNamespaces, ...warehouseOptions } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'kineo-warehouse-'));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    await buildWarehouseData(await demoDataDir(), dataDir, { ...namespaces });
    const warehouse = await startTestWarehouse({ ...warehouseOptions, dataDir });
    return {
      ...warehouse,
      close: async () => {
        await warehouse.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The driver's connection options for a warehouse: trusts its certificate, telemetry off. */
export function driverOptions(warehouse: TestWarehouse, overrides: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return {
    host: warehouse.host,
    port: warehouse.port,
    path: warehouse.path,
    token: warehouse.token,
    customCaCert: warehouse.caCert,
    telemetryEnabled: false,
    ...overrides,
  } as ConnectionOptions;
}

/** A connected driver client that logs nothing (the default logger prints to the console). */
export async function connectDriver(warehouse: TestWarehouse, overrides: Partial<ConnectionOptions> = {}): Promise<DBSQLClient> {
  const client = new DBSQLClient({ logger: { log: (_level: LogLevel, _message: string) => {} } });
  await client.connect(driverOptions(warehouse, overrides));
  return client;
}
