import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

function removeDatabase(file: string): void {
  for (const path of [file, `${file}.wal`]) if (existsSync(path)) rmSync(path, { force: true });
}

/**
 * Builds a DuckDB database with `build` and puts it at `file`, replacing any previous one. The
 * data goes to `<file>.tmp-<pid>` first and is renamed over `file` only when complete, so a crash
 * never leaves a half-written database behind under the real name.
 */
export async function replaceDuckDBFile<T>(file: string, build: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const temporary = `${file}.tmp-${process.pid}`;
  mkdirSync(dirname(file), { recursive: true });
  removeDatabase(temporary);
  let result: T;
  try {
    const instance = await DuckDBInstance.create(temporary);
    try {
      const connection = await instance.connect();
      try {
        result = await build(connection);
        await connection.run('CHECKPOINT');
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
    }
    // Everything is checkpointed into the file; a stale log of the file being replaced must not
    // be replayed against the new one.
    rmSync(`${temporary}.wal`, { force: true });
    rmSync(`${file}.wal`, { force: true });
    renameSync(temporary, file);
  } catch (error) {
    removeDatabase(temporary);
    throw error;
  }
  return result;
}
