/**
 * The kill test: a child process ingesting a large generated CSV is SIGKILLed mid-file; the same
 * input ingested again gives exactly the graph a clean run gives (nothing lost, nothing twice).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePlantCsv } from '../../bench/ingest/gen-csv.ts';
import { openDb } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import { dbPathOf } from '../../graph/open-store.ts';
import { ingest } from './pipeline.ts';
import { itemsOfPaths } from './sources.ts';
import { memoryStore } from './test-kit.ts';

const ROOT = join(import.meta.dirname, '../..');
const HARNESS = join(ROOT, 'ingest/pipeline/cli-harness.ts');
const tmp = mkdtempSync(join(tmpdir(), 'lotgraph-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const count = async (db: Awaited<ReturnType<typeof openDb>>, sql: string): Promise<number> => Number(((await db.columns(sql))[0] as bigint[])[0]);

describe('kill test', () => {
  it('SIGKILL mid-file, then the same input again: exactly the expected graph', async () => {
    const { records } = await writePlantCsv(join(tmp, 'csv'), 4000);
    const data = join(tmp, 'data');
    const child = spawn(process.execPath, ['--import', 'tsx', HARNESS, 'ingest', join(tmp, 'csv'), '--data', data, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let exited = false;
    child.on('exit', () => (exited = true));
    // Killed once the first chunk is acknowledged (the first progress line), mid-file.
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no progress from the child: ${err}`)), 60_000);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/ingest: [\d,]+ records/.test(err)) {
          clearTimeout(t);
          setTimeout(resolve, 150);
        }
      });
    });
    expect(exited).toBe(false);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));

    const again = spawnSync(process.execPath, ['--import', 'tsx', HARNESS, 'ingest', join(tmp, 'csv'), '--data', data, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(again.status, again.stderr).toBe(0);
    const s = JSON.parse(again.stdout) as { records: number; accepted: number; duplicates: number; rejected: number; recovered: number };
    expect(s.records).toBe(records);
    expect(s.rejected).toBe(0);
    expect(s.duplicates).toBeGreaterThan(0);
    expect(s.accepted).toBeGreaterThan(0);
    // the embedded store commits each chunk's log rows and graph rows together: nothing is left half-done
    expect(s.recovered).toBe(0);
    expect(s.accepted + s.duplicates).toBe(records);

    const ref = await memoryStore();
    const refSummary = await ingest(itemsOfPaths([join(tmp, 'csv')]), { db: ref.db, store: ref.store });
    expect(refSummary.accepted).toBe(records);
    const expected = await ref.store.stats();
    const refEvents = await count(ref.db, 'SELECT count(*) FROM events');
    await ref.close();

    const db = await openDb(dbPathOf(data));
    const store = await openEmbeddedStore(db);
    try {
      expect(await store.stats()).toEqual(expected);
      expect(await count(db, 'SELECT count(*) FROM ingest_log')).toBe(records);
      expect(await count(db, "SELECT count(*) FROM ingest_log WHERE status <> 'applied'")).toBe(0);
      expect(await count(db, 'SELECT count(*) FROM events')).toBe(refEvents);
    } finally {
      await store.close();
      await db.close();
    }
  }, 240_000);
});
