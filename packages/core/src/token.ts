import { z } from 'zod';
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
    iss: z.string().min(1),
    aud: z.union([z.string(), z.array(z.string())]),
    sub: SubjectId,
    iat: z.number().int(),
    exp: z.number().int(),
    nbf: z.number().int().optional(),
    jti: z.string().max(128).optional(),
    tenant: SubjectId,
    role: Role,
    orgs: z.array(SubjectId).min(1).max(100).optional(),
    dashboards: z.array(CatalogId).max(100).optional(),
    filters: FilterValues.optional(),
    permissions: z.array(Permission).optional(),
  })
  .superRefine((claims, ctx) => {
    if (claims.role === 'manager' && !claims.orgs)
      ctx.addIssue({ code: 'custom', path: ['orgs'], message: 'a manager token must name its organisations' });
    if (claims.exp <= claims.iat) ctx.addIssue({ code: 'custom', path: ['exp'], message: 'exp must be after iat' });
    if (claims.exp - claims.iat > MAX_TOKEN_LIFETIME_SECONDS)
      ctx.addIssue({ code: 'custom', path: ['exp'], message: `lifetime over ${MAX_TOKEN_LIFETIME_SECONDS} seconds` });
  });
export type EmbedTokenClaims = z.infer<typeof EmbedTokenClaims>;
