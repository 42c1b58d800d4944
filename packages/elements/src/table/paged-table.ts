import { resultRows, type PageRequest, type QueryResult } from '@kineo/core';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { DashboardController } from '../state/dashboard-context.js';
import type { TableSort } from './rows-table.js';

/** Rows per page of a table panel. */
export const TABLE_PAGE_SIZE = 25;

/** What the table shows now. */
export interface TablePageView {
  rows: Record<string, unknown>[];
  /** 0-based offset of the first row shown. */
  offset: number;
  /** Every row matching, when known. */
  total: number | undefined;
  sort: TableSort | undefined;
  hasPrevious: boolean;
  hasNext: boolean;
  /** A newer page (or sort) is loading; the rows shown are the previous ones. */
  loading: boolean;
  /** Loading the last page asked for failed. */
  error: unknown;
}

/** Where the first page comes from and where further pages are asked for. */
export interface TableSource {
  controller: DashboardController;
  panelId: string;
  /** The drill depth the rows belong to. */
  depth: number;
  /** The panel's result in the dashboard snapshot: the first page. */
  result: QueryResult;
}

/**
 * Server paging and sorting of a table panel. The first page is the one the dashboard loaded with
 * every other panel; Previous/Next and sorting ask the controller for one page at a time
 * (`loadPage`), aborting the request a newer one supersedes, so a slow old answer never replaces a
 * newer one. A new snapshot result (filters changed, drill moved) starts again at its first page,
 * keeping the sort the user chose (which then needs one request).
 */
export class PagedTable implements ReactiveController {
  readonly #host: ReactiveElement;
  #source: TableSource | undefined;
  /** The loaded page shown instead of the snapshot's first page. */
  #page: QueryResult | undefined;
  /** What the rows shown answer. */
  #shown: PageRequest = { offset: 0, limit: TABLE_PAGE_SIZE };
  #pending: { request: PageRequest; abort: AbortController } | undefined;
  #failed: { request: PageRequest; error: unknown } | undefined;
  /** The sort the user chose by clicking a header (not the server's default order). */
  #chosenSort: TableSort | undefined;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abortPending();
  }

  /** Follows the dashboard: a different first page (or panel, or level) starts over. */
  sync(source: TableSource | undefined): void {
    const previous = this.#source;
    this.#source = source;
    if (!source) {
      this.#abortPending();
      return;
    }
    if (previous && previous.result === source.result && previous.panelId === source.panelId && previous.depth === source.depth) return;
    const sameTable = previous !== undefined && previous.panelId === source.panelId && previous.depth === source.depth;
    if (!sameTable) this.#chosenSort = undefined;
    this.#abortPending();
    this.#page = undefined;
    this.#failed = undefined;
    const first = source.result.page;
    this.#shown = { offset: first?.offset ?? 0, limit: TABLE_PAGE_SIZE, ...(first?.sort && { sort: first.sort }) };
    if (this.#chosenSort) this.#load({ offset: 0, limit: TABLE_PAGE_SIZE, sort: this.#chosenSort });
  }

  /** The rows and paging state to render. */
  get view(): TablePageView {
    const source = this.#source;
    const result = this.#page ?? source?.result;
    const offset = this.#shown.offset;
    let rows: Record<string, unknown>[] = [];
    let total: number | undefined;
    let more = false;
    if (result) {
      const all = resultRows(result);
      // A first page sent without paging may hold more than a page: show one page of it.
      rows = this.#page ? all : all.slice(0, TABLE_PAGE_SIZE);
      total = result.page?.total ?? (result.truncated ? undefined : this.#page ? offset + all.length : all.length);
      more = result.truncated || all.length > rows.length;
    }
    const hasNext = total !== undefined ? offset + rows.length < total : more;
    return {
      rows,
      offset,
      total,
      sort: this.#shown.sort ? { column: this.#shown.sort.column, direction: this.#shown.sort.direction } : undefined,
      hasPrevious: offset > 0,
      hasNext,
      loading: this.#pending !== undefined,
      error: this.#failed?.error,
    };
  }

  /** A page (or sort) is loading. */
  get loading(): boolean {
    return this.#pending !== undefined;
  }

  /** The sort of the rows asked for last (shown, or still loading): a header click flips this one. */
  get requestedSort(): TableSort | undefined {
    const sort = this.#pending?.request.sort ?? this.#shown.sort;
    return sort && { column: sort.column, direction: sort.direction };
  }

  /** The next page after the one shown (or being loaded). */
  next(): void {
    const from = this.#pending?.request ?? this.#shown;
    this.#load({ ...from, offset: from.offset + TABLE_PAGE_SIZE, limit: TABLE_PAGE_SIZE });
  }

  previous(): void {
    const from = this.#pending?.request ?? this.#shown;
    this.#load({ ...from, offset: Math.max(0, from.offset - TABLE_PAGE_SIZE), limit: TABLE_PAGE_SIZE });
  }

  /** Sorts by `sort` from the first page. */
  sortBy(sort: TableSort): void {
    this.#chosenSort = sort;
    this.#load({ offset: 0, limit: TABLE_PAGE_SIZE, sort });
  }

  /** Asks again for the page that failed. */
  retry(): void {
    if (this.#failed) this.#load(this.#failed.request);
  }

  #load(request: PageRequest): void {
    const source = this.#source;
    if (!source) return;
    this.#abortPending();
    const abort = new AbortController();
    this.#pending = { request, abort };
    this.#failed = undefined;
    this.#host.requestUpdate();
    source.controller.loadPage(source.panelId, request, abort.signal).then(
      (result) => {
        if (this.#pending?.abort !== abort) return;
        this.#pending = undefined;
        this.#page = result;
        this.#shown = request;
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        if (this.#pending?.abort !== abort) return;
        this.#pending = undefined;
        this.#failed = { request, error };
        this.#host.requestUpdate();
      },
    );
  }

  #abortPending(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.abort.abort();
  }
}
