import * as z from 'zod/mini';
import { CatalogId, SubjectId } from './identifiers.js';
import { FilterValues } from './filters.js';
import { MAX_TOKEN_LIFETIME_SECONDS, Permission, Role } from './token.js';

/** Lifetime of a minted embed token when the host does not ask for one, in seconds. */
export const DEFAULT_TOKEN_TTL_SECONDS = 10 * 60;
/** Shortest lifetime a host may ask for: less would expire before a dashboard loads. */
export const MIN_TOKEN_TTL_SECONDS = 30;

/**
 * `POST /v1/embed-tokens`: what a host asks the API to grant one of its users. The tenant comes
 * from the API key; `tenant`, if given, must be that tenant. Asking for more than the tenant has
 * (an unknown dashboard or filter, a role it does not allow) is refused, never narrowed.
 */
export const EmbedTokenRequest = z
  .strictObject({
    tenant: z.optional(SubjectId),
    sub: SubjectId,
    role: Role,
    orgs: z.optional(z.array(SubjectId).check(z.minLength(1), z.maxLength(100))),
    dashboards: z.optional(z.array(CatalogId).check(z.minLength(1), z.maxLength(100))),
    filters: z.optional(FilterValues),
    permissions: z.optional(z.array(Permission).check(z.maxLength(10))),
    ttl: z._default(
      z.number().check(z.int(), z.minimum(MIN_TOKEN_TTL_SECONDS), z.maximum(MAX_TOKEN_LIFETIME_SECONDS)),
      DEFAULT_TOKEN_TTL_SECONDS,
    ),
  })
  .check(
    z.superRefine((request, ctx) => {
      if (request.role === 'manager' && !request.orgs)
        ctx.addIssue({ code: 'custom', path: ['orgs'], message: 'a manager must be given organisations' });
    }),
  );
export type EmbedTokenRequest = z.input<typeof EmbedTokenRequest>;
export type ParsedEmbedTokenRequest = z.output<typeof EmbedTokenRequest>;

export const EmbedTokenResponse = z.object({
  token: z.string(),
  /** ISO-8601 UTC. */
  expiresAt: z.iso.datetime(),
});
export type EmbedTokenResponse = z.infer<typeof EmbedTokenResponse>;
