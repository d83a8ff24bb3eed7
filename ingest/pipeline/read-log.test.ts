// readLog pages every row of its filter once, in seq order, for any page size, seq gaps, statuses and runs; copyLog
// copies the whole log for any page size.
import { expect, it } from 'vitest';
import { openDb } from '../../analytics/db.ts';
import { logState } from './log-schema.ts';
import type { LogStatus } from './log.ts';
import { readLog } from './read-log.ts';
import { copyLog } from './copy-log.ts';

it('pages cover the filter exactly', async () => {
  const db = await openDb(':memory:');
  await logState(db);
  const statuses: LogStatus[] = ['staged', 'logged', 'applied', 'retracted', 'failed'];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const rows: { seq: number; status: string; run: string }[] = [];
  let seq = 0;
  for (let i = 0; i < 200; i++) {
    seq += 1 + (rnd(10) === 0 ? rnd(500) : 0);
    rows.push({ seq, status: statuses[rnd(5)]!, run: `r${rnd(3)}` });
  }
  await db.run(`INSERT INTO ingest_log SELECT r.seq, 'id-' || r.seq, 's', '{}', 'graph', NULL, '{}', NULL, r.status, r.run, 0 FROM (SELECT unnest(from_json($1::JSON, '[{"seq":"BIGINT","status":"VARCHAR","run":"VARCHAR"}]'), recursive := true)) r`, [JSON.stringify(rows)]);
  for (const limit of [11, 60, 199, 5000]) {
    for (const sts of [['logged'], ['applied', 'retracted', 'logged'], ['failed']] as LogStatus[][]) {
      for (const run of [undefined, 'r1']) {
        const want = rows.filter((r) => sts.includes(r.status as LogStatus) && (run === undefined || r.run === run)).map((r) => r.seq);
        const got: number[] = [];
        let after = 0;
        for (let guard = 0; guard < 10_000; guard++) {
          const page = await readLog(db, { afterSeq: after, limit, statuses: sts, ...(run ? { run } : {}) });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(limit);
          got.push(...page.map((p) => p.seq));
          after = page[page.length - 1]!.seq;
        }
        expect(got).toEqual(want);
      }
    }
  }
  for (const page of [7, 10_000]) {
    const dst = await openDb(':memory:');
    expect(await copyLog(db, dst, { page })).toBe(rows.length);
    expect((await dst.all(`SELECT seq, status, run FROM ingest_log ORDER BY seq`)).map((r) => ({ seq: Number(r.seq), status: r.status, run: r.run }))).toEqual(rows);
    await dst.close();
  }
  await db.close();
}, 60_000);
