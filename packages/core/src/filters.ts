import * as z from 'zod/mini';
import { CatalogId, IsoDate } from './identifiers.js';

export const filterKinds = ['dateRange', 'multiSelect', 'select'] as const;
export const FilterKind = z.enum(filterKinds);
export type FilterKind = z.infer<typeof FilterKind>;

/** Longest string a filter value may carry; a longer one is a bad request, not a truncation. */
export const MAX_FILTER_STRING = 200;
/** Most values a multi-select filter may carry. */
export const MAX_FILTER_ITEMS = 200;

const FilterString = z.string().check(z.minLength(1), z.maxLength(MAX_FILTER_STRING));

export const DateRangeValue = z
  .strictObject({ from: z.optional(IsoDate), to: z.optional(IsoDate) })
  .check(z.refine((r) => !r.from || !r.to || r.from <= r.to, { message: '"from" must not be after "to"', path: ['to'] }));
export type DateRangeValue = z.infer<typeof DateRangeValue>;

/** A filter's value as the browser or a token sends it; its kind decides which form is valid. */
export const FilterValue = z.union([DateRangeValue, z.array(FilterString).check(z.maxLength(MAX_FILTER_ITEMS)), FilterString]);
export type FilterValue = z.infer<typeof FilterValue>;

/** The value schema of one filter kind. */
export const filterValueSchemas = {
  dateRange: DateRangeValue,
  multiSelect: z.array(FilterString).check(z.maxLength(MAX_FILTER_ITEMS)),
  select: FilterString,
} as const satisfies Record<FilterKind, z.ZodMiniType>;

/** Filter values keyed by filter id. `null` clears a filter. */
export const FilterValues = z.record(CatalogId, z.nullable(FilterValue));
export type FilterValues = z.infer<typeof FilterValues>;

/** Where a filter's choices come from: a named catalog query, scoped like every other query. */
export const FilterOptionsSource = z.strictObject({ query: CatalogId });

export const FilterDefinition = z.strictObject({
  id: CatalogId,
  label: z.string().check(z.minLength(1), z.maxLength(80)),
  kind: FilterKind,
  description: z.optional(z.string().check(z.maxLength(300))),
  options: FilterOptionsSource,
});
export type FilterDefinition = z.infer<typeof FilterDefinition>;

/** One choice of a select or multi-select filter. `depth` indents hierarchies such as organisations. */
export const FilterOption = z.object({
  value: z.string(),
  label: z.string(),
  depth: z.optional(z.number().check(z.int(), z.minimum(0))),
});
export type FilterOption = z.infer<typeof FilterOption>;

/** `GET /v1/dashboards/:id/filters/:filter/options` */
export const FilterOptionsResponse = z.discriminatedUnion('kind', [
  z.object({
    filter: CatalogId,
    kind: z.enum(['multiSelect', 'select']),
    options: z.array(FilterOption),
    locked: z.boolean(),
  }),
  z.object({
    filter: CatalogId,
    kind: z.literal('dateRange'),
    range: z.object({ min: z.nullable(IsoDate), max: z.nullable(IsoDate) }),
    locked: z.boolean(),
  }),
]);
export type FilterOptionsResponse = z.infer<typeof FilterOptionsResponse>;
