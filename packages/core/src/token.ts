import * as z from 'zod/mini';
import { CatalogId, SubjectId } from './identifiers.js';
import { FilterValues } from './filters.js';

/** JOSE `typ` header every embed token carries. */
export const EMBED_TOKEN_TYPE = 'kineo-embed+jwt';
/** Longest lifetime (exp - iat) an embed token may have, in seconds. */
export const MAX_TOKEN_LIFETIME_SECONDS = 15 * 60;

export const roles = ['admin', 'manager', 'analyst', 'learner'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const permissions = ['export'] as const;
export const Permission = z.enum(permissions);
export type Permission = z.infer<typeof Permission>;

/**
 * Claims of a verified embed token. `orgs` scopes managers (required) and analysts (optional) to
 * those organisations and their descendants; `dashboards` narrows the tenant's enabled dashboards
 * (absent: all of them); `filters` are locked: the browser cannot override them.
 */
export const EmbedTokenClaims = z
  .object({
    iss: z.string().check(z.minLength(1)),
    aud: z.union([z.string(), z.array(z.string())]),
    sub: SubjectId,
    iat: z.number().check(z.int()),
    exp: z.number().check(z.int()),
    nbf: z.optional(z.number().check(z.int())),
    jti: z.optional(z.string().check(z.maxLength(128))),
    tenant: SubjectId,
    role: Role,
    orgs: z.optional(z.array(SubjectId).check(z.minLength(1), z.maxLength(100))),
    dashboards: z.optional(z.array(CatalogId).check(z.maxLength(100))),
    filters: z.optional(FilterValues),
    permissions: z.optional(z.array(Permission)),
  })
  .check(
    z.superRefine((claims, ctx) => {
      if (claims.role === 'manager' && !claims.orgs)
        ctx.addIssue({ code: 'custom', path: ['orgs'], message: 'a manager token must name its organisations' });
      if (claims.exp <= claims.iat) ctx.addIssue({ code: 'custom', path: ['exp'], message: 'exp must be after iat' });
      if (claims.exp - claims.iat > MAX_TOKEN_LIFETIME_SECONDS)
        ctx.addIssue({ code: 'custom', path: ['exp'], message: `lifetime over ${MAX_TOKEN_LIFETIME_SECONDS} seconds` });
    }),
  );
export type EmbedTokenClaims = z.infer<typeof EmbedTokenClaims>;
