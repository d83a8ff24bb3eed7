/**
 * The audit trail: append-only and hash-chained. Each entry's hash covers its content and the
 * previous entry's hash, so any edit, deletion or reordering of past entries breaks `verify()`
 * from that entry on (21 CFR Part 11: changes must not obscure what was recorded).
 */
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  role: string;
  action: string;
  subject: string;
  /** JSON text of the request's parameters and outcome. */
  detail: string;
  prevHash: string;
  hash: string;
}

export type AuditInput = Pick<AuditEntry, 'actor' | 'role' | 'action' | 'subject'> & { detail?: unknown };

const GENESIS = '0'.repeat(64);

/* sql */
const DDL = `CREATE TABLE IF NOT EXISTS audit_log (seq BIGINT PRIMARY KEY, "at" DOUBLE NOT NULL, actor VARCHAR NOT NULL, role VARCHAR NOT NULL,
  action VARCHAR NOT NULL, subject VARCHAR NOT NULL, detail VARCHAR NOT NULL, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)`;

/** The hash of an entry: SHA-256 over the previous hash and the entry's fields, newline-separated. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update([e.prevHash, e.seq, e.at, e.actor, e.role, e.action, e.subject, e.detail].join('\n'), 'utf8').digest('hex');
}

export class AuditLog {
  private head: { seq: number; hash: string } | null = null;

  private constructor(private readonly db: Db) {}

  /** Opens (creating) the audit table of a database. */
  static async open(db: Db): Promise<AuditLog> {
    await db.run(DDL);
    return new AuditLog(db);
  }

  /** Appends one entry; resolves once it is committed. */
  async append(input: AuditInput): Promise<AuditEntry> {
    return this.db.exclusive(async () => {
      if (!this.head) {
        const r = await this.db.all(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
        this.head = r.length ? { seq: Number(r[0]!.seq), hash: String(r[0]!.hash) } : { seq: 0, hash: GENESIS };
      }
      const base = { seq: this.head.seq + 1, at: Date.now(), actor: input.actor, role: input.role, action: input.action, subject: input.subject, detail: JSON.stringify(input.detail ?? {}), prevHash: this.head.hash };
      const entry: AuditEntry = { ...base, hash: entryHash(base) };
      await this.db.run(`INSERT INTO audit_log VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [entry.seq, entry.at, entry.actor, entry.role, entry.action, entry.subject, entry.detail, entry.prevHash, entry.hash]);
      this.head = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
  }

  /** Entries, newest first. */
  async list(opts: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.db.all(`SELECT * FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT $2`, [opts.before ?? Number.MAX_SAFE_INTEGER, Math.min(opts.limit ?? 100, 1000)]);
    return rows.map(toEntry);
  }

  /** Recomputes the chain; reports the first entry that does not match (edited, deleted or reordered). */
  async verify(): Promise<{ ok: boolean; entries: number; head: string; firstBad?: number; reason?: string }> {
    let prev = GENESIS;
    let expectSeq = 1;
    let n = 0;
    for (const e of (await this.db.all(`SELECT * FROM audit_log ORDER BY seq`)).map(toEntry)) {
      n++;
      if (e.seq !== expectSeq) return { ok: false, entries: n, head: prev, firstBad: expectSeq, reason: `entry ${expectSeq} is missing` };
      if (e.prevHash !== prev) return { ok: false, entries: n, head: prev, firstBad: e.seq, reason: `entry ${e.seq} does not follow entry ${e.seq - 1}` };
      const { hash: _h, ...rest } = e;
      if (entryHash(rest) !== e.hash) return { ok: false, entries: n, head: prev, firstBad: e.seq, reason: `entry ${e.seq} was altered after it was written` };
      prev = e.hash;
      expectSeq++;
    }
    return { ok: true, entries: n, head: prev };
  }
}

function toEntry(r: Record<string, unknown>): AuditEntry {
  return {
    seq: Number(r.seq), at: Number(r.at), actor: String(r.actor), role: String(r.role), action: String(r.action),
    subject: String(r.subject), detail: String(r.detail), prevHash: String(r.prev_hash), hash: String(r.hash),
  };
}
