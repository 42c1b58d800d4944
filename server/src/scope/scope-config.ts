import { z } from 'zod';

const Identifier = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier');

/**
 * Server configuration naming the tables that hold tenant rows and the columns that place each
 * row in the organisation tree or with a user. Every table listed here is replaced, for scoped
 * requests, by a filtered view of itself; a table not listed is visible to every role.
 */
export const RowScopeConfig = z
  .object({
    organizations: z.object({ table: Identifier, id: Identifier, path: Identifier }).strict(),
    users: z.object({ table: Identifier, id: Identifier, org: Identifier }).strict(),
    tables: z.record(Identifier, z.object({ org: Identifier, user: Identifier.optional() }).strict()),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [table, columns] of Object.entries(config.tables)) {
      if (!columns.user && table !== config.organizations.table)
        ctx.addIssue({ code: 'custom', path: ['tables', table, 'user'], message: 'a table of user rows needs its user column' });
    }
  });
export type RowScopeConfig = z.infer<typeof RowScopeConfig>;
