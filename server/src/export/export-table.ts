import type { QueryResult } from '@kineo/core';

/** What a file export writes: a result's columns and its column-major values, all of its rows. */
export type ExportTable = Pick<QueryResult, 'columns' | 'data' | 'rowCount'>;
