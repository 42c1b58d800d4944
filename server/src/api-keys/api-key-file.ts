import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../files/write-private-file.js';
import { parseApiKey, type ApiKeyIdentity, type TenantApiKeys } from './tenant-api-keys.js';

const StoredApiKey = z.object({
  id: z.string(),
  tenant: z.string(),
  label: z.string(),
  /** SHA-256 of the secret part, hex. The key itself is shown once, when created, and never stored. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
});
export type StoredApiKey = z.infer<typeof StoredApiKey>;
const StoredApiKeys = z.object({ keys: z.array(StoredApiKey) });

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Tenant API keys in `<dataDir>/api-keys.json`. The file is re-read whenever it changes, so a key
 * created or revoked with `kineo keys` takes effect on a running server at once.
 */
export class ApiKeyFile implements TenantApiKeys {
  readonly file: string;
  #keys: StoredApiKey[] = [];
  #mtimeMs = -1;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'api-keys.json');
  }

  async authenticate(presented: string): Promise<ApiKeyIdentity | undefined> {
    const parsed = parseApiKey(presented);
    if (!parsed) return undefined;
    const stored = this.#current().find((key) => key.id === parsed.id);
    if (!stored || stored.revokedAt) return undefined;
    if (!timingSafeEqual(sha256(parsed.secret), Buffer.from(stored.hash, 'hex'))) return undefined;
    return { tenantId: stored.tenant, keyId: stored.id };
  }

  /** Creates a key for `tenant`; the returned `key` is the only copy there will ever be. */
  create(tenant: string, label: string, now = new Date()): { key: string; stored: StoredApiKey } {
    const id = Array.from(randomBytes(12), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
    const secret = randomBytes(32).toString('base64url');
    const stored: StoredApiKey = {
      id,
      tenant,
      label,
      hash: sha256(secret).toString('hex'),
      createdAt: now.toISOString(),
    };
    this.#write([...this.#current(), stored]);
    return { key: `kin_${id}_${secret}`, stored };
  }

  list(tenant: string): StoredApiKey[] {
    return this.#current().filter((key) => key.tenant === tenant);
  }

  /** Revokes a key of `tenant`; false when it has no such key. */
  revoke(tenant: string, id: string, now = new Date()): boolean {
    const keys = this.#current();
    const key = keys.find((k) => k.id === id && k.tenant === tenant);
    if (!key) return false;
    if (!key.revokedAt) this.#write(keys.map((k) => (k === key ? { ...k, revokedAt: now.toISOString() } : k)));
    return true;
  }

  #current(): StoredApiKey[] {
    if (!existsSync(this.file)) return [];
    const { mtimeMs } = statSync(this.file);
    if (mtimeMs !== this.#mtimeMs) {
      this.#keys = StoredApiKeys.parse(JSON.parse(readFileSync(this.file, 'utf8'))).keys;
      this.#mtimeMs = mtimeMs;
    }
    return this.#keys;
  }

  #write(keys: StoredApiKey[]): void {
    writePrivateFile(this.file, JSON.stringify({ keys }, null, 2) + '\n');
    this.#mtimeMs = -1;
  }
}
