import type { ServerConfiguration } from '../bootstrap.js';
import { rotateApiSigningKeys } from '../auth/api-signing-key-file.js';

export type KeysAction = 'create' | 'list' | 'revoke' | 'rotate-signing';

export interface KeysOptions {
  tenant?: string;
  label?: string;
  id?: string;
}

function tenantOf(config: ServerConfiguration, id: string | undefined): string {
  if (!id) throw new Error('this needs --tenant');
  if (!config.tenants.get(id)) throw new Error(`unknown tenant "${id}" (known: ${config.tenants.all().map((t) => t.id).join(', ')})`);
  return id;
}

/**
 * Tenant API keys (`create`, `list`, `revoke`) and the API's signing keys (`rotate-signing`).
 * Returns what to print on stdout (a created key, alone, so `KEY=$(kineo keys create …)` works:
 * it appears here once and is never stored) and a note for people, for stderr.
 */
export async function keysCommand(
  config: ServerConfiguration,
  action: KeysAction,
  options: KeysOptions,
): Promise<{ output: string; note?: string }> {
  switch (action) {
    case 'create': {
      const tenant = tenantOf(config, options.tenant);
      const { key, stored } = config.apiKeys.create(tenant, options.label ?? 'unnamed');
      return {
        output: key,
        note:
          `API key ${stored.id} for tenant ${tenant} ("${stored.label}"). Store it now: it is not shown again.\n` +
          `Hosts send it as "Authorization: Bearer <key>" to POST /v1/embed-tokens, from their server only.`,
      };
    }
    case 'list': {
      const tenant = tenantOf(config, options.tenant);
      const keys = config.apiKeys.list(tenant);
      if (keys.length === 0) return { output: '', note: `Tenant ${tenant} has no API keys. Create one with: kineo keys create --tenant ${tenant}` };
      return {
        output: keys
          .map((key) => `${key.id}  ${key.revokedAt ? `revoked ${key.revokedAt}` : 'active'}  created ${key.createdAt}  ${key.label}`)
          .join('\n'),
      };
    }
    case 'revoke': {
      const tenant = tenantOf(config, options.tenant);
      if (!options.id) throw new Error('revoke needs --id (see kineo keys list)');
      if (!config.apiKeys.revoke(tenant, options.id)) throw new Error(`tenant ${tenant} has no API key ${options.id}`);
      return { output: '', note: `API key ${options.id} of tenant ${tenant} is revoked.` };
    }
    case 'rotate-signing': {
      const rotation = await rotateApiSigningKeys(config.settings.dataDir);
      return {
        output: rotation.added,
        note:
          `New signing key ${rotation.added} signs from now on.\n` +
          (rotation.retiring.length > 0
            ? `Replaced: ${rotation.retiring.join(', ')}; verifies the tokens it signed until ${rotation.retiresAt.toISOString()}, then retires.\n`
            : '') +
          (rotation.removed.length > 0 ? `Removed retired keys: ${rotation.removed.join(', ')}.\n` : '') +
          'A running server picks this up within a few seconds.',
      };
    }
  }
}
