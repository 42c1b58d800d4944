/** Writes one tenant's demo data into its own DuckDB file, atomically. */
import { readFileSync } from 'node:fs';
import { replaceDuckDBFile } from '../files/replace-duckdb-file.js';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DuckDBDataChunk,
  DuckDBDateValue,
  INTEGER,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { DEFAULT_BATCH_SIZE, generateDemoDataset, type DemoDataOptions, type DemoDataset } from './generate.js';
import {
  NO_DATE,
  type CertificationBatch,
  type CourseRow,
  type DatasetInfoRow,
  type OrganizationRow,
  type ProgressBatch,
  type UserRow,
} from './rows.js';

export interface WriteDemoDatabaseOptions extends DemoDataOptions {
  /** The DuckDB file to create or replace. */
  file: string;
  onProgress?: (progress: { table: string; done: number; total: number }) => void;
}

export interface WriteDemoDatabaseResult {
  file: string;
  /** Rows written per table. */
  rows: Record<string, number>;
}

/** A table column in schema order: its type and how to read it from a batch. */
interface Column<Batch> {
  name: string;
  type: DuckDBType;
  read: (batch: Batch, row: number) => DuckDBValue;
}

const date = (day: number): DuckDBDateValue | null => (day === NO_DATE ? null : new DuckDBDateValue(day));

const datasetInfoColumns: Column<readonly DatasetInfoRow[]>[] = [
  { name: 'tenant', type: VARCHAR, read: (rows, i) => rows[i]!.tenant },
  { name: 'as_of', type: DATE, read: (rows, i) => date(rows[i]!.as_of) },
  { name: 'generator_version', type: INTEGER, read: (rows, i) => rows[i]!.generator_version },
  { name: 'seed', type: INTEGER, read: (rows, i) => rows[i]!.seed },
  { name: 'users', type: INTEGER, read: (rows, i) => rows[i]!.users },
];

const organizationColumns: Column<readonly OrganizationRow[]>[] = [
  { name: 'org_id', type: VARCHAR, read: (rows, i) => rows[i]!.org_id },
  { name: 'org_name', type: VARCHAR, read: (rows, i) => rows[i]!.org_name },
  { name: 'parent_org_id', type: VARCHAR, read: (rows, i) => rows[i]!.parent_org_id },
  { name: 'level', type: INTEGER, read: (rows, i) => rows[i]!.level },
  { name: 'path', type: VARCHAR, read: (rows, i) => rows[i]!.path },
];

const userColumns: Column<readonly UserRow[]>[] = [
  { name: 'user_id', type: VARCHAR, read: (rows, i) => rows[i]!.user_id },
  { name: 'full_name', type: VARCHAR, read: (rows, i) => rows[i]!.full_name },
  { name: 'email', type: VARCHAR, read: (rows, i) => rows[i]!.email },
  { name: 'org_id', type: VARCHAR, read: (rows, i) => rows[i]!.org_id },
  { name: 'manager_id', type: VARCHAR, read: (rows, i) => rows[i]!.manager_id },
  { name: 'job_title', type: VARCHAR, read: (rows, i) => rows[i]!.job_title },
  { name: 'hire_date', type: DATE, read: (rows, i) => date(rows[i]!.hire_date) },
  { name: 'is_active', type: BOOLEAN, read: (rows, i) => rows[i]!.is_active },
];

const courseColumns: Column<readonly CourseRow[]>[] = [
  { name: 'course_id', type: VARCHAR, read: (rows, i) => rows[i]!.course_id },
  { name: 'course_name', type: VARCHAR, read: (rows, i) => rows[i]!.course_name },
  { name: 'category', type: VARCHAR, read: (rows, i) => rows[i]!.category },
  { name: 'is_mandatory', type: BOOLEAN, read: (rows, i) => rows[i]!.is_mandatory },
  { name: 'duration_minutes', type: INTEGER, read: (rows, i) => rows[i]!.duration_minutes },
  { name: 'delivery_method', type: VARCHAR, read: (rows, i) => rows[i]!.delivery_method },
];

const progressColumns: Column<ProgressBatch>[] = [
  { name: 'enrolment_id', type: BIGINT, read: (b, i) => BigInt(b.enrolment_id[i]!) },
  { name: 'user_id', type: VARCHAR, read: (b, i) => b.user_id[i]! },
  { name: 'org_id', type: VARCHAR, read: (b, i) => b.org_id[i]! },
  { name: 'course_id', type: VARCHAR, read: (b, i) => b.course_id[i]! },
  { name: 'enrolled_date', type: DATE, read: (b, i) => date(b.enrolled_date[i]!) },
  { name: 'enrolled_month', type: DATE, read: (b, i) => date(b.enrolled_month[i]!) },
  { name: 'due_date', type: DATE, read: (b, i) => date(b.due_date[i]!) },
  { name: 'completed_date', type: DATE, read: (b, i) => date(b.completed_date[i]!) },
  { name: 'completed_month', type: DATE, read: (b, i) => date(b.completed_month[i]!) },
  { name: 'status', type: VARCHAR, read: (b, i) => b.status[i]! },
  { name: 'progress_percent', type: INTEGER, read: (b, i) => b.progress_percent[i]! },
  { name: 'time_spent_minutes', type: INTEGER, read: (b, i) => b.time_spent_minutes[i]! },
];

const certificationColumns: Column<CertificationBatch>[] = [
  { name: 'certification_id', type: BIGINT, read: (b, i) => BigInt(b.certification_id[i]!) },
  { name: 'user_id', type: VARCHAR, read: (b, i) => b.user_id[i]! },
  { name: 'org_id', type: VARCHAR, read: (b, i) => b.org_id[i]! },
  { name: 'certification_name', type: VARCHAR, read: (b, i) => b.certification_name[i]! },
  { name: 'course_id', type: VARCHAR, read: (b, i) => b.course_id[i]! },
  { name: 'issued_date', type: DATE, read: (b, i) => date(b.issued_date[i]!) },
  { name: 'expires_date', type: DATE, read: (b, i) => date(b.expires_date[i]!) },
  { name: 'status', type: VARCHAR, read: (b, i) => b.status[i]! },
];

/** Generates the tenant's demo data and writes it to `file`, replacing any previous one. */
export async function writeDemoDatabase(options: WriteDemoDatabaseOptions): Promise<WriteDemoDatabaseResult> {
  const { file, onProgress } = options;
  const dataset = generateDemoDataset(options); // throws on an unknown tenant before any file is touched
  const schemaSql = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
  const rows: Record<string, number> = {};
  const report = (table: string, done: number, total: number) => onProgress?.({ table, done, total });

  await replaceDuckDBFile(file, async (connection) => {
    await connection.run(schemaSql);
    rows.dataset_info = await appendRows(connection, 'dataset_info', datasetInfoColumns, [dataset.datasetInfo], report);
    rows.dim_organizations = await appendRows(connection, 'dim_organizations', organizationColumns, dataset.organizations, report);
    rows.dim_users = await appendRows(connection, 'dim_users', userColumns, dataset.users, report);
    rows.dim_courses = await appendRows(connection, 'dim_courses', courseColumns, dataset.courses, report);
    Object.assign(rows, await appendFacts(connection, dataset, report));
  });
  return { file, rows };
}

async function openAppender<Batch>(
  connection: DuckDBConnection,
  table: string,
  columns: readonly Column<Batch>[],
): Promise<ChunkAppender<Batch>> {
  const appender = await connection.createAppender(table);
  // The appender fills columns by position: fail loudly if schema.sql and the columns above drift.
  const mismatch = appender.columnCount !== columns.length
    ? `${appender.columnCount} columns, expected ${columns.length}`
    : columns.map((column, i) => [column, appender.columnType(i)] as const)
        .filter(([column, actual]) => actual.typeId !== column.type.typeId)
        .map(([column, actual]) => `${column.name} is ${actual.toString()}, expected ${column.type.toString()}`)
        .join('; ');
  if (mismatch) {
    appender.closeSync();
    throw new Error(`schema.sql table ${table} does not match the demo data writer: ${mismatch}`);
  }
  return new ChunkAppender(appender, columns);
}

async function appendRows<Row>(
  connection: DuckDBConnection,
  table: string,
  columns: readonly Column<readonly Row[]>[],
  rows: readonly Row[],
  report: (table: string, done: number, total: number) => void,
): Promise<number> {
  const appender = await openAppender(connection, table, columns);
  try {
    for (let start = 0; start < rows.length; start += DEFAULT_BATCH_SIZE) {
      const slice = rows.slice(start, start + DEFAULT_BATCH_SIZE);
      appender.append(slice, slice.length);
      report(table, start + slice.length, rows.length);
    }
    appender.close();
  } finally {
    appender.dispose();
  }
  return rows.length;
}

/** Streams both fact tables (generated together) into their tables; returns their row counts. */
async function appendFacts(
  connection: DuckDBConnection,
  dataset: DemoDataset,
  report: (table: string, done: number, total: number) => void,
): Promise<Record<string, number>> {
  let progressRows = 0;
  let certificationRows = 0;
  const progress = await openAppender(connection, 'fact_course_progress', progressColumns);
  try {
    const certifications = await openAppender(connection, 'fact_certifications', certificationColumns);
    try {
      for (const batch of dataset.factBatches(DEFAULT_BATCH_SIZE)) {
        if (batch.table === 'fact_course_progress') {
          progress.append(batch, batch.length);
          progressRows += batch.length;
          report(batch.table, progressRows, dataset.progressRowCount);
        } else {
          certifications.append(batch, batch.length);
          certificationRows += batch.length;
        }
      }
      progress.close();
      certifications.close();
    } finally {
      certifications.dispose();
    }
  } finally {
    progress.dispose();
  }
  report('fact_certifications', certificationRows, certificationRows);
  return { fact_course_progress: progressRows, fact_certifications: certificationRows };
}

/**
 * Appends batches to one table as DuckDB data chunks. One chunk is reused for every batch: its
 * native memory is invisible to the garbage collector, so a fresh chunk per batch piles up
 * gigabytes before a collection frees them.
 */
class ChunkAppender<Batch> {
  readonly #appender: DuckDBAppender;
  readonly #columns: readonly Column<Batch>[];
  readonly #chunk: DuckDBDataChunk;
  #closed = false;

  constructor(appender: DuckDBAppender, columns: readonly Column<Batch>[]) {
    this.#appender = appender;
    this.#columns = columns;
    this.#chunk = DuckDBDataChunk.create(columns.map((column) => column.type));
  }

  /** Appends the first `length` (at most DuckDB's vector size) rows of the batch. */
  append(batch: Batch, length: number): void {
    const chunk = this.#chunk;
    chunk.rowCount = length;
    for (let c = 0; c < this.#columns.length; c++) {
      const vector = chunk.getColumnVector(c);
      const read = this.#columns[c]!.read;
      for (let row = 0; row < length; row++) vector.setItem(row, read(batch, row));
      vector.flush();
    }
    this.#appender.appendDataChunk(chunk);
  }

  /** Flushes the remaining rows into the table and closes the appender. */
  close(): void {
    this.#closed = true;
    this.#appender.closeSync();
  }

  /** Closes the appender if `close` did not, ignoring errors: for a write that already failed. */
  dispose(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#appender.closeSync();
    } catch {
      // The write is being abandoned; its own error is the one to report.
    }
  }
}
