import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** Bytes of a generated HS256 secret: the registry rejects anything shorter than 32. */
export const HOST_SECRET_BYTES = 32;

export function developmentSecretFile(dataDir: string, kid: string): string {
  return join(dataDir, 'secrets', `${kid}.secret`);
}

/**
 * Returns the development HS256 secret of host key `kid`, generating 32 random bytes into the
 * data folder (readable by the owner only) on first use. The demo's host (the `kineo token`
 * command, the demo portal) reads the same file, as a real host would hold its own copy.
 */
export function ensureDevelopmentSecret(dataDir: string, kid: string): Uint8Array {
  const file = developmentSecretFile(dataDir, kid);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(HOST_SECRET_BYTES).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
}
