/** The tenant a presented API key authenticates, and which of its keys it is. */
export interface ApiKeyIdentity {
  tenantId: string;
  keyId: string;
}

/** Authenticates a host's tenant API key (`kin_<id>_<secret>`); undefined for unknown, wrong or revoked keys. */
export interface TenantApiKeys {
  authenticate(presented: string): Promise<ApiKeyIdentity | undefined>;
}

const KEY_PATTERN = /^kin_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** Splits a presented key into its public id and its secret part. */
export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(presented);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}
