/** Small statistics and formatting helpers for the benchmark (no timing assertions anywhere). */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Linear-interpolated quantile, `q` in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** Milliseconds `work` takes, measured with the monotonic clock. */
export async function timeMs<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

export interface TableColumn<Row> {
  header: string;
  align?: 'left' | 'right';
  value(row: Row): string;
}

/** A fixed-width text table: columns sized to their widest cell. */
export function renderTable<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const pad = (text: string, i: number) =>
    columns[i]!.align === 'left' ? text.padEnd(widths[i]!) : text.padStart(widths[i]!);
  const lines = [
    columns.map((column, i) => pad(column.header, i)).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((line) => line.map(pad).join('  ')),
  ];
  return lines.join('\n');
}
