import * as z from 'zod/mini';
import { Permission, Role } from './token.js';
import { SubjectId } from './identifiers.js';

const Color = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0b5cab'));

/** A tenant's look: applied by the elements to their CSS custom properties and to Vega's config. */
export const TenantTheme = z.strictObject({
  primaryColor: Color,
  accentColor: z.optional(Color),
  /** `auto` follows the user's `prefers-color-scheme`. */
  mode: z._default(z.enum(['light', 'dark', 'auto']), 'auto'),
  fontFamily: z.optional(z.string().check(z.maxLength(200))),
  logoUrl: z.optional(z.string().check(z.url())),
});
export type TenantTheme = z.infer<typeof TenantTheme>;

/**
 * `GET /v1/viewer`: who the token speaks for and what the UI may offer them. Everything here comes
 * from the verified token and the tenant registry; the browser uses it to theme itself and to hide
 * actions the API would refuse (an export without the `export` permission), never to enforce them.
 */
export const ViewerResponse = z.object({
  tenant: z.object({ id: SubjectId, displayName: z.string() }),
  subject: SubjectId,
  role: Role,
  permissions: z.array(Permission),
  theme: TenantTheme,
});
export type ViewerResponse = z.infer<typeof ViewerResponse>;
