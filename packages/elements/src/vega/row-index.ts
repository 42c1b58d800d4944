/**
 * The field that carries, on the copies of the rows Vega is given, each row's index in the rows
 * the caller passed. Vega copies every field (for...in) into the tuples it derives for filtered,
 * stacked or formula'd data sets, so a drawn item's datum still says which row it came from;
 * aggregated tuples are new and have none.
 */
export const ROW_INDEX_FIELD = '__kineo_row';

/** The row index a datum carries, if it came from one row. */
export function rowIndexOf(datum: Readonly<Record<string, unknown>>): number | undefined {
  const index = datum[ROW_INDEX_FIELD];
  return typeof index === 'number' ? index : undefined;
}

/** A row's copy for Vega, with its index. */
export function indexedCopy(row: Readonly<Record<string, unknown>>, index: number): Record<string, unknown> {
  return { ...row, [ROW_INDEX_FIELD]: index };
}

/** A datum's own fields, without the row index (and without Vega's symbol-keyed tuple id). */
export function datumFields(datum: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(datum).filter(([key]) => key !== ROW_INDEX_FIELD));
}
