import { base64url, importJWK, importPKCS8, type JWK } from 'jose';
import { isObject } from './issues.js';
import type { KineoOptionsIssue, SigningKey } from './types.js';

/** Fewest bytes of an HS256 secret; the Kineo API refuses to register shorter ones. */
export const MIN_HMAC_SECRET_BYTES = 32;

/** A checked key, ready for `SignJWT.sign`. */
export interface SigningMaterial {
  kid: string;
  alg: 'HS256' | 'EdDSA' | 'ES256';
  key: CryptoKey;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const algorithms = ['HS256', 'EdDSA', 'ES256'] as const;
type Algorithm = (typeof algorithms)[number];

/** What each asymmetric algorithm needs of a JWK and of a CryptoKey. */
const asymmetric = {
  EdDSA: { kty: 'OKP', crv: 'Ed25519', cryptoNames: ['Ed25519', 'EdDSA'], curve: undefined },
  ES256: { kty: 'EC', crv: 'P-256', cryptoNames: ['ECDSA'], curve: 'P-256' },
} as const;

/**
 * Imported keys by the key object they came from: a host passes the same key object for every
 * token, and importing (PEM parsing especially) once is enough. Re-imported if the object changed.
 */
const imported = new WeakMap<object, { kid: unknown; alg: unknown; source: unknown; material: Promise<SigningMaterial> }>();

/**
 * Checks `key` and imports it for signing. Problems are pushed to `issues` (paths `key.*`, never
 * with key material in the message) and undefined is returned.
 */
export async function signingMaterial(key: SigningKey, issues: KineoOptionsIssue[]): Promise<SigningMaterial | undefined> {
  if (!isObject(key)) {
    issues.push({ path: 'key', message: 'expected { kid, alg, secret } or { kid, alg, privateKey }' });
    return undefined;
  }
  const { kid, alg } = key;
  const source: unknown = alg === 'HS256' ? key.secret : (key as { privateKey?: unknown }).privateKey;
  const cached = imported.get(key);
  if (cached && cached.kid === kid && cached.alg === alg && cached.source === source) return cached.material;

  const found: KineoOptionsIssue[] = [];
  if (typeof kid !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(kid))
    found.push({ path: 'key.kid', message: 'must be the key id registered for the tenant (1-256 printable characters)' });
  if (!algorithms.includes(alg as Algorithm)) {
    found.push({ path: 'key.alg', message: `must be one of ${algorithms.join(', ')}` });
    issues.push(...found);
    return undefined;
  }
  const cryptoKey = alg === 'HS256' ? await hmacKey(source, found) : await privateKey(alg, source, found);
  if (found.length > 0 || !cryptoKey) {
    issues.push(...found);
    return undefined;
  }
  const material = Promise.resolve({ kid: kid as string, alg, key: cryptoKey });
  imported.set(key, { kid, alg, source, material });
  return material;
}

async function hmacKey(secret: unknown, issues: KineoOptionsIssue[]): Promise<CryptoKey | undefined> {
  let bytes: Uint8Array;
  if (secret instanceof Uint8Array) {
    bytes = secret;
  } else if (typeof secret === 'string') {
    const text = secret.trim();
    if (!BASE64URL.test(text)) {
      issues.push({ path: 'key.secret', message: 'must be base64url text (A-Z a-z 0-9 - _) or a Uint8Array' });
      return undefined;
    }
    bytes = base64url.decode(text.replace(/=+$/, ''));
  } else {
    issues.push({ path: 'key.secret', message: 'is required for HS256: base64url text or a Uint8Array' });
    return undefined;
  }
  if (bytes.byteLength < MIN_HMAC_SECRET_BYTES) {
    issues.push({
      path: 'key.secret',
      message: `must be at least ${MIN_HMAC_SECRET_BYTES} bytes (it has ${bytes.byteLength})`,
    });
    return undefined;
  }
  return crypto.subtle.importKey('raw', new Uint8Array(bytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

async function privateKey(alg: 'EdDSA' | 'ES256', source: unknown, issues: KineoOptionsIssue[]): Promise<CryptoKey | undefined> {
  const expected = asymmetric[alg];
  const fail = (message: string) => {
    issues.push({ path: 'key.privateKey', message });
    return undefined;
  };

  if (typeof CryptoKey !== 'undefined' && source instanceof CryptoKey) {
    if (source.type !== 'private') return fail(`is a ${source.type} key; signing needs the private key`);
    const algorithm = source.algorithm as { name: string; namedCurve?: string };
    if (!(expected.cryptoNames as readonly string[]).includes(algorithm.name) || (expected.curve && algorithm.namedCurve !== expected.curve))
      return fail(`is a ${algorithm.name}${algorithm.namedCurve ? ` ${algorithm.namedCurve}` : ''} key, not one for ${alg}`);
    if (!source.usages.includes('sign')) return fail('is not usable for signing (its usages lack "sign")');
    return source;
  }

  if (typeof source === 'string') {
    if (/-----BEGIN (RSA |EC |OPENSSH |ENCRYPTED )PRIVATE KEY-----/.test(source))
      return fail('must be unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"); convert it with `openssl pkcs8 -topk8 -nocrypt`');
    if (/-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(source))
      return fail('is a public key or certificate; signing needs the private key');
    if (!source.includes('-----BEGIN PRIVATE KEY-----')) return fail('must be PKCS#8 PEM text ("-----BEGIN PRIVATE KEY-----")');
    try {
      return await importPKCS8(source, alg);
    } catch {
      return fail(`is not a valid PKCS#8 private key for ${alg}`);
    }
  }

  if (isObject(source)) {
    const jwk = source as JWK;
    if (jwk.kty !== expected.kty || jwk.crv !== expected.crv)
      return fail(`must be a ${expected.kty} ${expected.crv} JWK for ${alg}`);
    if (typeof jwk.d !== 'string') return fail('is a public JWK; signing needs the private key (with "d")');
    try {
      const key = await importJWK({ ...jwk, ext: false }, alg);
      if (key instanceof Uint8Array) return fail(`must be a private ${alg} JWK`);
      return key;
    } catch {
      return fail(`is not a valid private JWK for ${alg}`);
    }
  }

  return fail('is required for EdDSA and ES256: a CryptoKey, a private JWK or PKCS#8 PEM text');
}
