import { SignJWT } from 'jose';
import { EmbedTokenRequest } from '@kineo/core';
import { DEFAULT_AUDIENCE, EMBED_TOKEN_TYPE } from './constants.js';
import { KineoOptionsError } from './errors.js';
import { isObject, issuesOf } from './issues.js';
import { signingMaterial } from './signing-key.js';
import type { EmbedTokenGrant, KineoOptionsIssue, SignEmbedTokenOptions, SigningKey } from './types.js';

/**
 * Signs an embed token on the host's own server with a key registered for its tenant (the way
 * without a network call): header `{ alg, kid, typ: 'kineo-embed+jwt' }`, claims `iss`, `aud`,
 * `iat`, `exp` (= iat + ttl), `jti`, `sub`, `tenant`, `role` and the optional grant fields.
 *
 * The grant, the key and the options are all checked first; every problem is reported at once in
 * a `KineoOptionsError` (`ttl`, `orgs`, `tenant`, `key.secret`, `options.issuer`, …). Messages never
 * contain key material.
 *
 * @param grant Whom the token is for and what it grants; `tenant` is required here.
 * @param key HS256 secret (≥ 32 bytes, base64url text or bytes), or an EdDSA/ES256 private key
 *   (CryptoKey, private JWK or PKCS#8 PEM), with the `kid` registered for the tenant.
 * @param options `issuer`: the tenant's registered issuer; `audience` (default `kineo-embed`); `now`;
 *   `jti` (default a random UUID).
 * @returns The compact JWT.
 *
 * @example
 * const token = await signEmbedToken(
 *   { tenant: 'acme', sub: 'acme-u000054', role: 'learner' },
 *   { kid: 'acme-2026', alg: 'HS256', secret: process.env.ACME_EMBED_SECRET! },
 *   { issuer: 'https://lms.acme.example' },
 * );
 */
export async function signEmbedToken(grant: EmbedTokenGrant, key: SigningKey, options: SignEmbedTokenOptions): Promise<string> {
  const issues: KineoOptionsIssue[] = [];

  const parsed = EmbedTokenRequest.safeParse(grant);
  if (!parsed.success) issues.push(...issuesOf(parsed.error));
  if (!isObject(grant) || grant.tenant === undefined)
    issues.push({ path: 'tenant', message: 'is required when signing a token locally' });

  const material = await signingMaterial(key, issues);

  let issuer = '';
  let audience = DEFAULT_AUDIENCE;
  let now = new Date();
  let jti: string = crypto.randomUUID();
  if (!isObject(options)) {
    issues.push({ path: 'options', message: 'expected { issuer, audience?, now?, jti? }' });
  } else {
    if (typeof options.issuer !== 'string' || options.issuer.trim() === '')
      issues.push({ path: 'options.issuer', message: "is required: the issuer registered for the tenant" });
    else issuer = options.issuer;
    if (options.audience !== undefined) {
      if (typeof options.audience !== 'string' || options.audience === '')
        issues.push({ path: 'options.audience', message: 'must be a non-empty string' });
      else audience = options.audience;
    }
    if (options.now !== undefined) {
      if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime()))
        issues.push({ path: 'options.now', message: 'must be a valid Date' });
      else now = options.now;
    }
    if (options.jti !== undefined) {
      if (typeof options.jti !== 'string' || options.jti.length < 1 || options.jti.length > 128)
        issues.push({ path: 'options.jti', message: 'must be a string of 1-128 characters' });
      else jti = options.jti;
    }
  }

  if (issues.length > 0 || !parsed.success || !material) throw new KineoOptionsError(issues);

  const { tenant, sub, role, orgs, dashboards, filters, permissions, ttl } = parsed.data;
  const claims = {
    sub,
    tenant: tenant!,
    role,
    ...(orgs ? { orgs } : {}),
    ...(dashboards ? { dashboards } : {}),
    ...(filters ? { filters } : {}),
    ...(permissions ? { permissions } : {}),
  };
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: material.alg, kid: material.kid, typ: EMBED_TOKEN_TYPE })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(jti)
    .sign(material.key);
}
