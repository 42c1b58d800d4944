import { decodeJwt, decodeProtectedHeader } from 'jose';

/**
 * `minted` / `mint_refused`: POST /v1/embed-tokens; `rejected`: an embed token that failed
 * verification; `origin_refused`: a verified token used from an origin its tenant does not allow;
 * `export`: a panel's rows were downloaded as a file.
 */
export type AuditOutcome = 'minted' | 'mint_refused' | 'rejected' | 'origin_refused' | 'export';

/**
 * One audit record. It never holds a token or a key. For rejected tokens the tenant, sub, jti
 * and kid are what the token *claimed* (`verified: false`): useful to a host debugging its
 * minting, never trusted.
 */
export interface AuditEvent {
  time: string;
  outcome: AuditOutcome;
  verified: boolean;
  tenant?: string;
  sub?: string;
  jti?: string;
  kid?: string;
  apiKeyId?: string;
  reason?: string;
  /** The browser origin a request came from (origin refusals). */
  origin?: string;
  /** What was exported: dashboard, panel, drill level, file format and how many rows. */
  dashboard?: string;
  panel?: string;
  level?: number;
  format?: string;
  rowCount?: number;
}

export interface AuditLog {
  record(event: AuditEvent): void;
}

export const noAudit: AuditLog = { record() {} };

const claimed = (value: unknown) => (typeof value === 'string' ? value.slice(0, 128) : undefined);

/** What an unverified token says about itself, for the audit record of its rejection. */
export function claimedIdentity(token: string): Pick<AuditEvent, 'tenant' | 'sub' | 'jti' | 'kid'> {
  const identity: Pick<AuditEvent, 'tenant' | 'sub' | 'jti' | 'kid'> = {};
  try {
    identity.kid = claimed(decodeProtectedHeader(token).kid);
    const payload = decodeJwt(token);
    identity.tenant = claimed(payload['tenant']);
    identity.sub = claimed(payload.sub);
    identity.jti = claimed(payload.jti);
  } catch {
    // Not even decodable: the record says when and why, with no identity.
  }
  return identity;
}
