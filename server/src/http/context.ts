import type { EmbedTokenClaims, FilterValues, Permission } from '@kineo/core';
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
  /** The token's permissions that its tenant allows: a host-signed token cannot grant more. */
  permissions: ReadonlySet<Permission>;
}

/** The host server calling with a tenant API key; set by the apiKeyAuth middleware. */
export interface ApiKeyAuth {
  tenantId: string;
  keyId: string;
  tenant: TenantConfig;
}

declare module 'hono' {
  interface ContextVariableMap {
    auth: EmbedAuth;
    apiKey: ApiKeyAuth;
    requestId: string;
    /** The request's `Origin` while it may read the response; the CORS middleware answers with it. */
    corsOrigin: string | undefined;
  }
}
