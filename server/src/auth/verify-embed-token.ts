import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { EMBED_TOKEN_TYPE, EmbedTokenClaims, MAX_TOKEN_LIFETIME_SECONDS } from '@kineo/core';
import type { TenantConfig } from '../tenants/tenant-registry-schema.js';
import type { TenantRegistry } from '../tenants/tenant-registry.js';
import type { Clock } from '../clock.js';
import type { KeyRing } from './key-ring.js';

/** Most clock skew tolerated between the token's signer and this server. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface VerifiedEmbedToken {
  claims: EmbedTokenClaims;
  tenant: TenantConfig;
  kid: string;
}

/** A token that must not be honoured. `reason` is safe to log and to return: it never holds the token. */
export class TokenRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TokenRejected';
  }
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's "${error.claim}" claim is not acceptable`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not allowed for its key";
  return 'the token is malformed';
}

export interface EmbedTokenVerifierOptions {
  keys: KeyRing;
  tenants: TenantRegistry;
  audience: string;
  clock: Clock;
  /** How many verified tokens to remember (0 turns the cache off). */
  cacheSize?: number;
}

/**
 * Tokens already verified, until their `exp` (plus tolerance). An embedded dashboard presents the
 * same token for every request until it refreshes it; checking its signature and claims once is
 * enough, because nothing a check depends on changes while the process runs except the time,
 * which is checked again on every hit. Bounded: the oldest entry goes first.
 */
class VerifiedTokenCache {
  readonly #entries = new Map<string, { verified: VerifiedEmbedToken; usableUntilMs: number }>();

  constructor(private readonly size: number) {}

  get(token: string, nowMs: number): VerifiedEmbedToken | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (nowMs < entry.usableUntilMs) return entry.verified;
    this.#entries.delete(token);
    return undefined;
  }

  set(token: string, verified: VerifiedEmbedToken): void {
    if (this.size === 0) return;
    if (this.#entries.size >= this.size) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { verified, usableUntilMs: (verified.claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000 });
  }
}

export type EmbedTokenVerifier = (token: string) => Promise<VerifiedEmbedToken>;

/**
 * Verifies an embed token: `typ` and `kid` in the header, the algorithm pinned to the key's own,
 * signature, `aud`, the key's `iss`, `exp`/`iat` (30 s tolerance, lifetime at most 15 minutes),
 * the claim shapes, and that a host key signs only for its own tenant. Rejects with TokenRejected.
 */
export function createEmbedTokenVerifier(options: EmbedTokenVerifierOptions): EmbedTokenVerifier {
  const cache = new VerifiedTokenCache(options.cacheSize ?? 2_000);
  return async function verifyEmbedToken(token) {
    const now = options.clock.now();
    const cached = cache.get(token, now.getTime());
    // A remembered token still needs its key: a retired signing key stops verifying at once.
    if (cached && options.keys.get(cached.kid, now)) return cached;
    const verified = await verifyUncached(token);
    cache.set(token, verified);
    return verified;
  };

  async function verifyUncached(token: string): Promise<VerifiedEmbedToken> {
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new TokenRejected('the token is malformed');
    }
    if (header.typ !== EMBED_TOKEN_TYPE) throw new TokenRejected(`the token's typ must be "${EMBED_TOKEN_TYPE}"`);
    if (typeof header.kid !== 'string') throw new TokenRejected('the token names no key (kid)');
    const now = options.clock.now();
    const key = options.keys.get(header.kid, now);
    if (!key) throw new TokenRejected('the token is signed with an unknown key');
    if (header.alg !== key.alg) throw new TokenRejected("the token's algorithm is not allowed for its key");

    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, key.key, {
        algorithms: [key.alg],
        typ: EMBED_TOKEN_TYPE,
        audience: options.audience,
        issuer: key.issuer,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
        requiredClaims: ['exp', 'iat', 'sub', 'aud', 'iss'],
        maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      }));
    } catch (error) {
      throw new TokenRejected(reasonFor(error));
    }

    const parsed = EmbedTokenClaims.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TokenRejected(`the token's "${issue.path.join('.')}" claim is not acceptable: ${issue.message}`);
    }
    const claims = parsed.data;
    if (claims.iat > Math.floor(now.getTime() / 1000) + CLOCK_TOLERANCE_SECONDS)
      throw new TokenRejected('the token was issued in the future');
    if (key.owner.kind === 'tenant' && key.owner.tenantId !== claims.tenant)
      throw new TokenRejected("the token's key does not belong to its tenant");
    const tenant = options.tenants.get(claims.tenant);
    if (!tenant) throw new TokenRejected('the token names an unknown tenant');
    return { claims, tenant, kid: key.kid };
  }
}
