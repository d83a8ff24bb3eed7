import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../analytics/db.ts';
import { CaptureJobs } from './capture-jobs.ts';

const tmp = mkdtempSync(join(tmpdir(), 'lotgraph-jobs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('capture jobs in the database', () => {
  it('a finished job reads the same after a restart; one left running reads as interrupted', async () => {
    const path = join(tmp, 'jobs.duckdb');
    let db = await openDb(path);
    const jobs = new CaptureJobs(db);
    const done = await jobs.start('proceed');
    const summary = { records: 3, accepted: 2, duplicates: 0, rejected: 1, strict: false, rolledBack: false, recovered: 0, replaced: 0, rejectsTruncated: false, warned: 0, warnings: [], warningsTruncated: false, bySource: {}, seconds: 0.1, recordsPerSecond: 30 };
    const reject = { pos: { source: 'epcis/capture/x', record: 3, field: 'eventTime' }, reason: 'bad time', value: 'yesterday' };
    await jobs.finish(done, { ...summary, rejects: [reject] });
    const left = await jobs.start('rollback');
    expect((await jobs.byId(left.captureID))?.running).toBe(true);
    await db.close();

    db = await openDb(path);
    try {
      const after = new CaptureJobs(db);
      expect(await after.byId(done.captureID)).toEqual({ ...done, success: false, errors: [reject], summary });
      const stale = await after.byId(left.captureID);
      expect(stale).toMatchObject({ running: false, success: false, captureErrorBehaviour: 'rollback' });
      expect(stale!.errors[0]!.reason).toMatch(/stopped before this capture finished/);
      expect(await after.byId('no-such-job')).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
