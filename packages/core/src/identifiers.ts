import { z } from 'zod';

/** Ids of catalog entries (dashboards, panels, filters): lower-case slugs, safe in URLs and logs. */
export const CatalogId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be a lower-case slug (a-z, 0-9, "-", "_"), starting with a letter');

/** Ids of tenants, users and organisations carried in tokens. */
export const SubjectId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, 'must be 1-128 characters of letters, digits and _ . : @ -');

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
