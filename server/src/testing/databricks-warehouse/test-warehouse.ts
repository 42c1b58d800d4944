import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { generate } from 'selfsigned';
import { WarehouseDatabase } from './warehouse-database.js';
import { WarehouseFaults } from './warehouse-faults.js';
import { WarehouseLog } from './warehouse-log.js';
import { WarehouseService } from './tcli-service.js';
import { ThriftEndpoint } from './thrift-endpoint.js';

export { WarehouseFaults, type WarehouseFault, type ActiveFault } from './warehouse-faults.js';
export { WarehouseLog, type ThriftMethod, type StatementRecord, type SessionRecord } from './warehouse-log.js';

export interface TestWarehouseOptions {
  /** Folder of `<catalog>.duckdb` files (see `buildWarehouseData`). */
  dataDir: string;
  /** Expected bearer token (default: random). */
  token?: string;
  /** HTTP path of the warehouse (default `/sql/1.0/warehouses/kineo-test`). */
  path?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Row format of results (default `arrow`, as real warehouses answer). */
  resultFormat?: 'arrow' | 'columns';
  /** Most rows per FetchResults answer (default 10 000). */
  fetchBatchRows?: number;
  /** How long ExecuteStatement waits to answer with direct results (default 500 ms); 0 makes every client poll. */
  directResultsWaitMs?: number;
  /** DuckDB threads (default 2). */
  threads?: number;
}

export interface TestWarehouse {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly token: string;
  /** PEM of the self-signed certificate, for the driver's `customCaCert`. */
  readonly caCert: string;
  /** Writes the CA to `caCertFile` and returns the DATABRICKS_* env that points the API at this warehouse. */
  env(caCertFile: string): Record<string, string>;
  readonly log: WarehouseLog;
  readonly faults: WarehouseFaults;
  setResultFormat(format: 'arrow' | 'columns'): void;
  close(): Promise<void>;
}

export const DEFAULT_WAREHOUSE_PATH = '/sql/1.0/warehouses/kineo-test';
const HOST = '127.0.0.1';

/**
 * Starts a wire-compatible Databricks SQL warehouse on loopback: TCLIService over HTTPS with a
 * certificate generated for 127.0.0.1/localhost, backed by the DuckDB catalogs in `dataDir`.
 * Test code only.
 */
export async function startTestWarehouse(options: TestWarehouseOptions): Promise<TestWarehouse> {
  const token = options.token ?? `dapi${randomBytes(16).toString('hex')}`;
  const path = options.path ?? DEFAULT_WAREHOUSE_PATH;
  let resultFormat = options.resultFormat ?? 'arrow';
  const log = new WarehouseLog();
  const faults = new WarehouseFaults();
  const tls = await selfSignedCertificate();
  const database = await WarehouseDatabase.open(options.dataDir, options.threads);
  const service = new WarehouseService({
    database,
    faults,
    log,
    resultFormat: () => resultFormat,
    fetchBatchRows: options.fetchBatchRows ?? 10_000,
    directResultsWaitMs: options.directResultsWaitMs ?? 500,
  });
  const endpoint = new ThriftEndpoint({ path, token, tls, handler: service.handler(), faults, log });
  let port: number;
  try {
    port = await endpoint.listen(options.port ?? 0);
  } catch (error) {
    database.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    path,
    token,
    caCert: tls.cert,
    log,
    faults,
    env(caCertFile) {
      writeFileSync(caCertFile, tls.cert);
      return {
        DATABRICKS_HOST: HOST,
        DATABRICKS_PORT: String(port),
        DATABRICKS_HTTP_PATH: path,
        DATABRICKS_TOKEN: token,
        DATABRICKS_CA_CERT_FILE: caCertFile,
      };
    },
    setResultFormat(format) {
      resultFormat = format;
    },
    close() {
      closed ??= (async () => {
        faults.clear();
        await endpoint.close();
        service.closeAll();
        database.close();
      })();
      return closed;
    },
  };
}

async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'kineo-test-warehouse' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
