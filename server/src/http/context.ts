import type { EmbedTokenClaims, FilterValues } from '@kineo/core';
import type { RowScope } from '../scope/row-scope.js';
import type { TenantConfig } from '../tenants/tenant-registry-schema.js';

/** Who is asking, as established from a verified embed token; set by the embedAuth middleware. */
export interface EmbedAuth {
  claims: EmbedTokenClaims;
  tenant: TenantConfig;
  scope: RowScope;
  /** The tenant's enabled dashboards, narrowed by the token's grant. */
  dashboards: ReadonlySet<string>;
  /** Filter values the token locks; they replace whatever the client sends. */
  lockedFilters: FilterValues;
}

declare module 'hono' {
  interface ContextVariableMap {
    auth: EmbedAuth;
    requestId: string;
  }
}
