/**
 * The real API over a benchmark data folder, built the way the Node server builds it, with a
 * RecordingEngine around the DuckDB engine so the final SQL and bound parameters can be captured.
 */
import type { Hono } from 'hono';
import type { EmbedTokenClaims } from '@kineo/core';
import { createConfiguredApp, loadServerConfiguration, type ServerConfiguration } from '../server/src/bootstrap.js';
import { signWithDevelopmentKey } from '../server/src/auth/development-token.js';
import type { EmbedTokenGrant } from '../server/src/auth/sign-embed-token.js';
import { DuckDBEngine } from '../server/src/engines/duckdb/duckdb-engine.js';
import { settingsFromEnv } from '../server/src/settings.js';
import { RecordingEngine } from '../server/src/testing/recording-engine.js';

export interface BenchApp {
  app: Hono;
  config: ServerConfiguration;
  engine: RecordingEngine;
  duckdb: DuckDBEngine;
  /** A token signed with the tenant's development key, as its host would sign it. */
  token(grant: Pick<EmbedTokenGrant, 'tenant' | 'role'> & Partial<EmbedTokenGrant>): Promise<string>;
  close(): Promise<void>;
}

/** Longest lifetime a token may have is 15 minutes; tokens are re-signed (outside timing) after this. */
export const TOKEN_TTL_SECONDS = 900;

export async function createBenchApp(options: { dataDir: string; threads: number; connectionsPerNamespace: number }): Promise<BenchApp> {
  const settings = { ...settingsFromEnv({}), dataDir: options.dataDir };
  const config = await loadServerConfiguration(settings);
  const duckdb = new DuckDBEngine({
    dataDir: options.dataDir,
    threads: options.threads,
    connectionsPerNamespace: options.connectionsPerNamespace,
  });
  const engine = new RecordingEngine(duckdb);
  const app = createConfiguredApp(config, { engines: { duckdb: engine } });
  return {
    app,
    config,
    engine,
    duckdb,
    async token(grant) {
      const claims = { sub: `${grant.tenant}-bench-user`, ...grant } as EmbedTokenGrant & Partial<EmbedTokenClaims>;
      return signWithDevelopmentKey(config, claims, { ttlSeconds: TOKEN_TTL_SECONDS });
    },
    close: () => engine.close(),
  };
}

/**
 * One token reused for many requests (verification still runs inside every request). Re-signed
 * when it is 10 minutes old so long runs never see an expired token; re-signing is never timed.
 */
export class ReusedToken {
  #token = '';
  #signedAt = -Infinity;
  signings = 0;

  constructor(private readonly sign: () => Promise<string>) {}

  async get(): Promise<string> {
    if (performance.now() - this.#signedAt > 600_000) {
      this.#token = await this.sign();
      this.#signedAt = performance.now();
      this.signings++;
    }
    return this.#token;
  }
}
