/** Shared by the demo-data tests: temp folders and read-only SQL over a written file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kineo-demo-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens the file read-only; `close` releases it. */
export async function openDatabase(file: string): Promise<{ query: Query; close: () => void }> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  return {
    query: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Opens the file read-only for the duration of `work`. */
export async function withDatabase<T>(file: string, work: (query: Query) => Promise<T>): Promise<T> {
  const database = await openDatabase(file);
  try {
    return await work(database.query);
  } finally {
    database.close();
  }
}

/** The single value of a one-row, one-column query, as a number when it is numeric. */
export async function scalar(query: Query, sql: string): Promise<unknown> {
  const rows = await query(sql);
  const value = Object.values(rows[0] ?? {})[0];
  return typeof value === 'bigint' ? Number(value) : value;
}

export const GOLD_TABLES = [
  'dataset_info',
  'dim_organizations',
  'dim_users',
  'dim_courses',
  'fact_course_progress',
  'fact_certifications',
] as const;

/** An order-independent fingerprint of every row of a table. */
export async function tableFingerprint(query: Query, table: string): Promise<string> {
  return String(await scalar(query, `SELECT md5(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR)) FROM ${table} t`));
}
