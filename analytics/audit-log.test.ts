import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.ts';
import { AuditLog } from './audit-log.ts';

let db: Db;
afterEach(async () => db?.close());

describe('audit log', () => {
  it('chains entries and detects an edit, a deletion and a forged hash', async () => {
    db = await openDb(':memory:');
    const log = await AuditLog.open(db);
    for (const s of ['lot:A:1', 'lot:B:2', 'lot:C:3']) await log.append({ actor: 'qe', role: 'viewer', action: 'recall', subject: s, detail: { suspects: [s] } });
    expect(await log.verify()).toMatchObject({ ok: true, entries: 3 });
    expect((await log.list({ limit: 2 })).map((e) => e.seq)).toEqual([3, 2]);

    await db.run(`UPDATE audit_log SET subject = 'lot:X:9' WHERE seq = 2`);
    expect(await log.verify()).toMatchObject({ ok: false, firstBad: 2 });
    await db.run(`UPDATE audit_log SET subject = 'lot:B:2' WHERE seq = 2`);
    expect((await log.verify()).ok).toBe(true);

    await db.run(`DELETE FROM audit_log WHERE seq = 2`);
    expect(await log.verify()).toMatchObject({ ok: false, firstBad: 2 });
  });

  it('continues the chain across reopen', async () => {
    db = await openDb(':memory:');
    await (await AuditLog.open(db)).append({ actor: 'a', role: 'admin', action: 'ingest', subject: 'f.csv' });
    const again = await AuditLog.open(db);
    const e = await again.append({ actor: 'a', role: 'admin', action: 'ingest', subject: 'g.csv' });
    expect(e.seq).toBe(2);
    expect(await again.verify()).toMatchObject({ ok: true, entries: 2 });
  });
});
