import { serve, type ServerType } from '@hono/node-server';
import { createConfiguredApp, type ServerConfiguration } from './bootstrap.js';
import { createEngines, type EngineSetup } from './engines/create-engines.js';
import { jsonLogger, type Logger } from './http/logger.js';
import { elementBundleDir } from './elements/element-bundle-dir.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface NodeServerOptions {
  /** Where the Databricks settings come from (default: process.env). */
  env?: EngineSetup['env'];
  /** Databricks driver and pool tuning (tests shorten timeouts). */
  databricks?: EngineSetup['databricks'];
}

/**
 * Starts the API on Node with the engines its tenants need (the embedded DuckDB engine over the
 * data folder; Databricks from the environment, checked against the catalog first), serving the
 * element bundle from `packages/elements/dist/`.
 */
export async function startNodeServer(
  config: ServerConfiguration,
  logger: Logger = jsonLogger(),
  options: NodeServerOptions = {},
): Promise<RunningServer> {
  const engines = await createEngines({
    catalog: config.catalog,
    tenants: config.tenants,
    dataDir: config.settings.dataDir,
    env: options.env,
    logger,
    databricks: options.databricks,
  });
  config.signingKeys.watch((error) => logger.error('signing keys not reloaded', { cause: (error as Error).name }));
  const app = createConfiguredApp(config, { engines: engines.byKind, logger, elementsBundle: elementBundleDir() });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.settings.port, hostname: config.settings.host }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.settings.port;
  return {
    url: `http://${config.settings.host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      config.signingKeys.close();
      await engines.close();
    },
  };
}
