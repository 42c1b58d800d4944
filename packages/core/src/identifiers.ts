import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini ships no messages ("Invalid input" for every generic issue); the elements show issues to
// host developers, so core brings English. Here rather than in index.ts because every schema module
// builds on this one, and with "sideEffects": false bundlers keep a statement only in a module whose
// exports are used. A locale the host configured first wins, as with classic zod.
if (!z.config().localeError) z.config(en());

/** Ids of catalog entries (dashboards, panels, filters): lower-case slugs, safe in URLs and logs. */
export const CatalogId = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be a lower-case slug (a-z, 0-9, "-", "_"), starting with a letter'));

/** Ids of tenants, users and organisations carried in tokens. */
export const SubjectId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, 'must be 1-128 characters of letters, digits and _ . : @ -'));

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
