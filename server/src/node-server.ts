import { serve, type ServerType } from '@hono/node-server';
import { createConfiguredApp, type ServerConfiguration } from './bootstrap.js';
import { DuckDBEngine } from './engines/duckdb/duckdb-engine.js';
import { jsonLogger, type Logger } from './http/logger.js';
import { elementBundleDir } from './elements/element-bundle-dir.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the API on Node with the embedded DuckDB engine over the data folder, serving the
 * element bundle from `packages/elements/dist/`.
 */
export async function startNodeServer(config: ServerConfiguration, logger: Logger = jsonLogger()): Promise<RunningServer> {
  const duckdb = new DuckDBEngine({ dataDir: config.settings.dataDir });
  config.signingKeys.watch((error) => logger.error('signing keys not reloaded', { cause: (error as Error).name }));
  const app = createConfiguredApp(config, { engines: { duckdb }, logger, elementsBundle: elementBundleDir() });
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
      await duckdb.close();
    },
  };
}
