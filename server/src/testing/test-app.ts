import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { EmbedTokenClaims } from '@kineo/core';
import { createConfiguredApp, loadServerConfiguration, type ConfiguredAppOptions, type ServerConfiguration } from '../bootstrap.js';
import { signWithDevelopmentKey } from '../auth/development-token.js';
import type { EmbedTokenGrant } from '../auth/sign-embed-token.js';
import { DuckDBEngine } from '../engines/duckdb/duckdb-engine.js';
import type { Catalog } from '../catalog/catalog.js';
import type { QueryEngine } from '../engines/engine.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import { settingsFromEnv } from '../settings.js';
import { RecordingEngine } from './recording-engine.js';
import { demoDataDir } from './test-data.js';

export interface TestApp {
  app: Hono;
  config: ServerConfiguration;
  engine: RecordingEngine;
  /** A token signed with the tenant's development key, as its host would sign it. */
  token(grant: Partial<EmbedTokenGrant> & Pick<EmbedTokenGrant, 'tenant' | 'role'>, options?: { ttlSeconds?: number; now?: Date }): Promise<string>;
  /** `app.request` with a bearer token, a JSON body (POST) and extra headers such as `origin`. */
  request(path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  /** A tenant registry file to use instead of the shipped one. */
  tenantsFile?: string;
  logger?: Logger;
  /** Changes to the loaded catalog (e.g. a smaller row cap) before the app is built. */
  adjustCatalog?(catalog: Catalog): Catalog;
  /** Most rows one file export may carry (a small cap lets a test reach it). */
  maxExportRows?: number;
  elementsBundle?: ConfiguredAppOptions['elementsBundle'];
  /**
   * The engine the app runs tenants' queries on, recorded (default: the embedded DuckDB engine
   * over a copy of the demo data). Closed with the app.
   */
  engine?: { kind: 'duckdb' | 'databricks'; engine: QueryEngine };
}

/**
 * The real app over the demo data with a recording engine. Each test app gets its own copy of the
 * data folder's secrets and keys, but reads the shared tenant databases (read-only).
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const shared = await demoDataDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'kineo-app-'));
  for (const name of readdirSync(shared).filter((n) => n.endsWith('.duckdb'))) cpSync(join(shared, name), join(dataDir, name));
  const settings = {
    ...settingsFromEnv({}),
    dataDir,
    ...(options.tenantsFile ? { tenantsFile: options.tenantsFile } : {}),
  };
  const config = await loadServerConfiguration(settings);
  const catalog = options.adjustCatalog ? options.adjustCatalog(config.catalog) : config.catalog;
  const engine = new RecordingEngine(options.engine?.engine ?? new DuckDBEngine({ dataDir, connectionsPerNamespace: 2, threads: 1 }));
  const app = createConfiguredApp(config, {
    engines: { [options.engine?.kind ?? 'duckdb']: engine },
    catalog,
    clock: options.clock,
    logger: options.logger,
    maxExportRows: options.maxExportRows,
    elementsBundle: options.elementsBundle,
  });

  return {
    app,
    config: { ...config, catalog },
    engine,
    async token(grant, tokenOptions = {}) {
      const claims: EmbedTokenGrant = { sub: `${grant.tenant}-test-user`, ...grant } as EmbedTokenClaims;
      return signWithDevelopmentKey(config, claims, {
        ttlSeconds: tokenOptions.ttlSeconds ?? 300,
        now: tokenOptions.now ?? options.clock?.now(),
      });
    },
    async request(path, token, body, extraHeaders = {}) {
      const headers: Record<string, string> = { ...extraHeaders };
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      return app.request(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    close: () => engine.close(),
  };
}
