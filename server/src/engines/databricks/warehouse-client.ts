import { DBSQLClient } from '@databricks/sql';
import type { DatabricksSettings } from './databricks-settings.js';

type Driver = Awaited<ReturnType<DBSQLClient['getDriver']>>;
type OperationHandle = NonNullable<Awaited<ReturnType<Driver['executeStatement']>>['operationHandle']>;
export type WarehouseSession = Awaited<ReturnType<DBSQLClient['openSession']>>;
export type WarehouseOperation = Awaited<ReturnType<WarehouseSession['executeStatement']>>;

/** The driver's own HTTP behaviour: its socket timeout and its retries of the calls it deems safe. */
export interface DriverTuning {
  /** Longest wait for one HTTP request (and idle keep-alive socket lifetime). */
  socketTimeoutMs: number;
  retryMaxAttempts: number;
  /** Total time the driver may spend retrying one call. */
  retriesTimeoutMs: number;
  retryDelayMinMs: number;
  retryDelayMaxMs: number;
}

/**
 * Short enough that a dead warehouse fails in seconds rather than the driver's 15-minute default;
 * the per-run timeout bounds the caller's wait in any case.
 */
export const defaultDriverTuning: DriverTuning = {
  socketTimeoutMs: 30_000,
  retryMaxAttempts: 3,
  retriesTimeoutMs: 10_000,
  retryDelayMinMs: 250,
  retryDelayMaxMs: 2_000,
};

/** Driver log lines carry SQL, hosts and stack traces; none of it belongs in our logs. */
const silentLogger = { log() {} };

/**
 * `DBSQLClient` plus what the engine needs that the driver keeps to itself. The driver's
 * `operation.cancel()` marks the operation done, after which its `close()` sends nothing, so an
 * operation cancelled that way would stay open on the warehouse. The client therefore remembers
 * each statement's Thrift handle and cancels through the driver's Thrift calls directly, leaving
 * `operation.close()` to close it afterwards.
 */
export class WarehouseClient extends DBSQLClient {
  readonly #handles = new Map<string, OperationHandle>();
  #driver: Driver | undefined;

  constructor() {
    super({ logger: silentLogger });
  }

  /** Connects (no network yet: the first session opens the first connection). */
  async open(settings: DatabricksSettings, tuning: DriverTuning): Promise<void> {
    const auth =
      settings.auth.kind === 'token'
        ? { token: settings.auth.token }
        : {
            authType: 'databricks-oauth' as const,
            oauthClientId: settings.auth.clientId,
            oauthClientSecret: settings.auth.clientSecret,
            // A Databricks service principal's OAuth secret is issued by the workspace, on Azure too
            // (without this the driver would ask Microsoft Entra ID instead).
            useDatabricksOAuthInAzure: true,
          };
    await this.connect({
      host: settings.host,
      port: settings.port,
      path: settings.path,
      ...auth,
      ...(settings.caCert === undefined ? {} : { customCaCert: settings.caCert }),
      userAgentEntry: 'kineo-embed',
      telemetryEnabled: false,
      socketTimeout: tuning.socketTimeoutMs,
      retryMaxAttempts: tuning.retryMaxAttempts,
      retriesTimeout: tuning.retriesTimeoutMs,
      retryDelayMin: tuning.retryDelayMinMs,
      retryDelayMax: tuning.retryDelayMaxMs,
    });
  }

  override async getDriver(): Promise<Driver> {
    if (!this.#driver) {
      const driver = await super.getDriver();
      const handles = this.#handles;
      // Delegates everything to the driver's own object and only notes each new operation's handle.
      this.#driver = Object.assign(Object.create(driver) as Driver, {
        async executeStatement(request: Parameters<Driver['executeStatement']>[0]) {
          const response = await driver.executeStatement(request);
          if (response.operationHandle) handles.set(handleKey(response.operationHandle), response.operationHandle);
          return response;
        },
      });
    }
    return this.#driver;
  }

  /** Sends CancelOperation for a running statement; the operation stays open until closed. */
  async cancelOperation(operation: WarehouseOperation): Promise<void> {
    const handle = this.#handles.get(operationKey(operation));
    if (!handle) return;
    const driver = await super.getDriver();
    await driver.cancelOperation({ operationHandle: handle });
  }

  /** Forgets a closed operation's handle. */
  forgetOperation(operation: WarehouseOperation): void {
    this.#handles.delete(operationKey(operation));
  }

  /** Closes every session and drops the kept-alive sockets, so nothing holds the process open. */
  async shutdown(): Promise<void> {
    const agent = await this.getConnectionProvider()
      .then((provider) => provider.getAgent())
      .catch(() => undefined);
    try {
      await this.close();
    } finally {
      agent?.destroy();
    }
  }
}

/** The driver names an operation by its handle's GUID written as a UUID. */
function handleKey(handle: OperationHandle): string {
  return Buffer.from(handle.operationId.guid).toString('hex');
}

function operationKey(operation: WarehouseOperation): string {
  return operation.id.replaceAll('-', '').toLowerCase();
}
