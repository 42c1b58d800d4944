import type { EmbedTokenClaims } from '@kineo/core';

/**
 * Which rows of a tenant a request may read, derived from verified token claims only:
 * `tenant` everything, `organisations` those organisations and their descendants, `user` one user's rows.
 */
export type RowScope =
  | { kind: 'tenant' }
  | { kind: 'organisations'; orgs: readonly string[] }
  | { kind: 'user'; userId: string };

export function rowScopeFor(claims: Pick<EmbedTokenClaims, 'role' | 'sub' | 'orgs'>): RowScope {
  switch (claims.role) {
    case 'admin':
      return { kind: 'tenant' };
    case 'analyst':
      return claims.orgs ? { kind: 'organisations', orgs: claims.orgs } : { kind: 'tenant' };
    case 'manager':
      // The claims schema rejects a manager token without orgs; an empty scope is the safe fallback.
      return { kind: 'organisations', orgs: claims.orgs ?? [] };
    case 'learner':
      return { kind: 'user', userId: claims.sub };
  }
}
