import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent, AuditLog } from './audit-log.js';

/** Audit records as JSON lines in `<dataDir>/audit/audit.jsonl`, appended as they happen. */
export class AuditFile implements AuditLog {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'audit', 'audit.jsonl');
    mkdirSync(join(dataDir, 'audit'), { recursive: true, mode: 0o700 });
  }

  record(event: AuditEvent): void {
    appendFileSync(this.file, JSON.stringify(event) + '\n', { mode: 0o600 });
  }

  /** Records of one tenant (as verified or as claimed), newest last. */
  read(tenant: string): AuditEvent[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent)
      .filter((event) => event.tenant === tenant);
  }
}
