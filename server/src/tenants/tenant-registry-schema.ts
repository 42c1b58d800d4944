import { z } from 'zod';
import { CatalogId, Permission, Role, SubjectId, TenantTheme, permissions, roles } from '@kineo/core';
import { engineKinds, namespaceRules } from '../engines/engine-kind.js';

const Origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be an origin: scheme://host[:port], no path or trailing slash');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where a tenant's logo may come from: an https URL (http on loopback, for development), or an
 * image inline as a `data:image/…` URL. Nothing a browser would run (`javascript:`) or fetch
 * in the clear from another machine.
 */
export function isLogoUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname);
  return url.protocol === 'data:' && /^data:image\/(svg\+xml|png|jpeg|gif|webp)[;,]/i.test(value);
}

/** Where an HS256 host secret comes from. Secrets never sit in the registry file itself. */
const SecretSource = z.union([
  z.object({ env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name') }).strict(),
  /** Generated on first run into the data folder: for development and the demo only. */
  z.object({ generate: z.literal('development') }).strict(),
]);

const PublicJwk = z
  .object({ kty: z.enum(['OKP', 'EC', 'RSA']), crv: z.string().optional(), x: z.string().optional(), y: z.string().optional(), n: z.string().optional(), e: z.string().optional() })
  .strict()
  .refine((jwk) => !('d' in jwk), 'must be a public key');

/** A key a tenant's host application signs embed tokens with; `kid` names it in the token header. */
export const HostKey = z.discriminatedUnion('alg', [
  z.object({ kid: SubjectId, alg: z.literal('HS256'), secret: SecretSource }).strict(),
  z.object({ kid: SubjectId, alg: z.enum(['EdDSA', 'ES256', 'RS256']), publicKey: PublicJwk }).strict(),
]);
export type HostKey = z.infer<typeof HostKey>;

export const TenantConfig = z
  .object({
    id: SubjectId,
    displayName: z.string().min(1).max(120),
    /** The tenant's data namespace: its DuckDB file name, or its Databricks `catalog.schema`. */
    namespace: z.string().max(130),
    /** Where the tenant's data lives: the embedded DuckDB files, or a Databricks SQL warehouse. */
    engine: z.enum(engineKinds).default('duckdb'),
    /** The `iss` its host-signed tokens carry. */
    issuer: z.string().min(1).max(200),
    hostKeys: z.array(HostKey).default([]),
    allowedOrigins: z.array(Origin).default([]),
    dashboards: z.array(CatalogId).min(1),
    /** Roles the API may grant this tenant's users when it mints a token. */
    roles: z.array(Role).min(1).default([...roles]),
    /** Permissions the API may grant (e.g. `export`). */
    permissions: z.array(Permission).default([...permissions]),
    theme: TenantTheme,
  })
  .strict()
  .superRefine((tenant, ctx) => {
    const rule = namespaceRules[tenant.engine];
    if (!rule.pattern.test(tenant.namespace))
      ctx.addIssue({ code: 'custom', path: ['namespace'], message: `must be ${rule.description} for the ${tenant.engine} engine` });
    const logoUrl = tenant.theme.logoUrl;
    if (logoUrl !== undefined && !isLogoUrl(logoUrl))
      ctx.addIssue({
        code: 'custom',
        path: ['theme', 'logoUrl'],
        message: 'must be an https URL (http only on localhost) or an inline data:image/… URL (svg+xml, png, jpeg, gif, webp)',
      });
  });
export type TenantConfig = z.infer<typeof TenantConfig>;

export const TenantRegistryFile = z
  .object({ tenants: z.array(TenantConfig).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const unique = (key: 'id' | 'namespace') => {
      const seen = new Set<string>();
      file.tenants.forEach((tenant, i) => {
        if (seen.has(tenant[key])) ctx.addIssue({ code: 'custom', path: ['tenants', i, key], message: `duplicate ${key} "${tenant[key]}"` });
        seen.add(tenant[key]);
      });
    };
    unique('id');
    unique('namespace');
    const kids = new Set<string>();
    file.tenants.forEach((tenant, i) =>
      tenant.hostKeys.forEach((key, k) => {
        // A kid must identify one key, so a token's header alone finds its one owner.
        if (kids.has(key.kid)) ctx.addIssue({ code: 'custom', path: ['tenants', i, 'hostKeys', k, 'kid'], message: `kid "${key.kid}" is used twice` });
        kids.add(key.kid);
      }),
    );
  });
export type TenantRegistryFile = z.infer<typeof TenantRegistryFile>;
