import { existsSync, readFileSync, unwatchFile, watchFile } from 'node:fs';
import { writePrivateFile } from '../files/write-private-file.js';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { apiSigningKeySet, SIGNING_KEY_OVERLAP_SECONDS, type ApiSigningKey, type ApiSigningKeys } from './api-signing-keys.js';

const StoredKey = z.object({
  kid: z.string(),
  alg: z.literal('EdDSA'),
  createdAt: z.iso.datetime(),
  retiresAt: z.iso.datetime().optional(),
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
});
type StoredKey = z.infer<typeof StoredKey>;
const StoredKeys = z.object({ keys: z.array(StoredKey).min(1) });

export function apiSigningKeysFile(dataDir: string): string {
  return join(dataDir, 'keys', 'api-signing-keys.json');
}

async function newStoredKey(now: Date): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return {
    kid: `kineo-${randomUUID()}`,
    alg: 'EdDSA',
    createdAt: now.toISOString(),
    privateJwk: (await exportJWK(privateKey)) as Record<string, unknown>,
    publicJwk: (await exportJWK(publicKey)) as Record<string, unknown>,
  };
}

function readStored(file: string): StoredKey[] {
  return StoredKeys.parse(JSON.parse(readFileSync(file, 'utf8'))).keys;
}

function writeStored(file: string, keys: StoredKey[]): void {
  writePrivateFile(file, JSON.stringify({ keys }, null, 2) + '\n');
}

async function toSigningKey(stored: StoredKey): Promise<ApiSigningKey> {
  const publicJwk = { ...(stored.publicJwk as JWK), kid: stored.kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid: stored.kid,
    alg: 'EdDSA',
    privateKey: (await importJWK(stored.privateJwk as JWK, 'EdDSA')) as CryptoKey,
    publicKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey,
    publicJwk,
    createdAt: new Date(stored.createdAt),
    ...(stored.retiresAt ? { retiresAt: new Date(stored.retiresAt) } : {}),
  };
}

/** Reads the API's signing keys, generating the first one on first run. */
export async function loadApiSigningKeys(dataDir: string, now = new Date()): Promise<ApiSigningKey[]> {
  const file = apiSigningKeysFile(dataDir);
  if (!existsSync(file)) writeStored(file, [await newStoredKey(now)]);
  return Promise.all(readStored(file).map(toSigningKey));
}

export interface Rotation {
  added: string;
  retiring: string[];
  retiresAt: Date;
  /** Keys removed because they had retired. */
  removed: string[];
}

/**
 * Adds a new signing key: from now on it signs, while the keys it replaces keep verifying for
 * SIGNING_KEY_OVERLAP_SECONDS (every token they signed has expired by then). Keys already
 * retired are dropped from the file.
 */
export async function rotateApiSigningKeys(dataDir: string, now = new Date()): Promise<Rotation> {
  await loadApiSigningKeys(dataDir, now);
  const file = apiSigningKeysFile(dataDir);
  const retiresAt = new Date(now.getTime() + SIGNING_KEY_OVERLAP_SECONDS * 1000);
  const stored = readStored(file);
  const removed = stored.filter((key) => key.retiresAt && new Date(key.retiresAt) <= now).map((key) => key.kid);
  const kept = stored.filter((key) => !removed.includes(key.kid));
  const retiring = kept.filter((key) => !key.retiresAt).map((key) => key.kid);
  const next = [...kept.map((key) => (key.retiresAt ? key : { ...key, retiresAt: retiresAt.toISOString() })), await newStoredKey(now)];
  writeStored(file, next);
  return { added: next.at(-1)!.kid, retiring, retiresAt, removed };
}

/**
 * The signing keys of a running server, kept in step with the key file: a rotation made by
 * `kineo keys rotate-signing` while the server runs takes effect within about a second.
 */
export class ApiSigningKeyFile implements ApiSigningKeys {
  #keys: ApiSigningKeys;

  private constructor(
    private readonly file: string,
    keys: readonly ApiSigningKey[],
  ) {
    this.#keys = apiSigningKeySet(keys);
  }

  static async open(dataDir: string): Promise<ApiSigningKeyFile> {
    return new ApiSigningKeyFile(apiSigningKeysFile(dataDir), await loadApiSigningKeys(dataDir));
  }

  /** Starts following the file; `close()` stops. */
  watch(onError: (error: unknown) => void = () => {}): this {
    watchFile(this.file, { interval: 1000 }, (current, previous) => {
      if (current.mtimeMs === previous.mtimeMs) return;
      this.reload().catch(onError);
    });
    return this;
  }

  async reload(): Promise<void> {
    this.#keys = apiSigningKeySet(await Promise.all(readStored(this.file).map(toSigningKey)));
  }

  close(): void {
    unwatchFile(this.file);
  }

  signing(now: Date) {
    return this.#keys.signing(now);
  }

  verifying(kid: string, now: Date) {
    return this.#keys.verifying(kid, now);
  }

  jwks(now: Date) {
    return this.#keys.jwks(now);
  }
}
