/**
 * A synthetic plant as template CSV files, of any size, written as a stream (for the ingest
 * benchmark and the kill test). Per unit: 2 supplier lots received, 1 operation consuming them and
 * the previous unit's output, 1 lot produced, 2 serials, 1 packed into a case: 10 records.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Records per unit of the generator. */
export const RECORDS_PER_UNIT = 10;

const H = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

type Writer = { write(line: string): Promise<void>; end(): Promise<void> };

function writer(file: string): Writer {
  const s = createWriteStream(file);
  let buf: string[] = [];
  const flush = async () => {
    if (buf.length === 0) return;
    const text = buf.join('');
    buf = [];
    if (!s.write(text)) await once(s, 'drain');
  };
  return {
    async write(line) {
      buf.push(line);
      if (buf.length >= 2000) await flush();
    },
    async end() {
      await flush();
      s.end();
      await once(s, 'finish');
    },
  };
}

/** Writes `units` units of plant into `dir` (one file per template); returns the files in ingest order and the record count. */
export async function writePlantCsv(dir: string, units: number): Promise<{ files: string[]; records: number }> {
  mkdirSync(dir, { recursive: true });
  const names = ['receipts', 'operations', 'productions', 'consumptions', 'serials', 'packing'] as const;
  const w = Object.fromEntries(names.map((n) => [n, writer(join(dir, `${n}.csv`))])) as Record<(typeof names)[number], Writer>;
  await w.receipts.write('supplier,material,lot,received_at,qty,uom\n');
  await w.operations.write('operation,work_order,step,started_at,ended_at,equipment\n');
  await w.productions.write('operation,material,lot,qty,uom,produced_at\n');
  await w.consumptions.write('operation,material,lot,qty,uom,consumed_at\n');
  await w.serials.write('material,lot,serial,at\n');
  await w.packing.write('into,level,material,lot,serial,qty,uom,packed_at\n');
  for (let k = 0; k < units; k++) {
    const t = T0 + k * 60_000;
    const op = `OP-${k}`;
    await w.receipts.write(`SUP-${k % 50},RM-${k % 200},R${k}A,${iso(t)},100,kg\n`);
    await w.receipts.write(`SUP-${(k + 7) % 50},RM-${(k + 1) % 200},R${k}B,${iso(t)},50,ea\n`);
    await w.operations.write(`${op},WO-${k >> 3},assembly,${iso(t + 3 * H)},${iso(t + 4 * H)},EQ-${k % 30}\n`);
    await w.productions.write(`${op},FG-${k % 20},F${k},2,ea,${iso(t + 4 * H)}\n`);
    await w.consumptions.write(`${op},RM-${k % 200},R${k}A,1.5,kg,${iso(t + 3 * H)}\n`);
    await w.consumptions.write(`${op},RM-${(k + 1) % 200},R${k}B,2,ea,${iso(t + 3 * H)}\n`);
    await w.serials.write(`FG-${k % 20},F${k},S${k}-1,${iso(t + 4 * H)}\n`);
    await w.serials.write(`FG-${k % 20},F${k},S${k}-2,${iso(t + 4 * H)}\n`);
    await w.packing.write(`CASE-${k >> 4},case,FG-${k % 20},F${k},S${k}-1,1,ea,${iso(t + 5 * H)}\n`);
    await w.consumptions.write(k >= 300 ? `${op},FG-${(k - 300) % 20},F${k - 300},1,ea,${iso(t + 3 * H)}\n` : `${op},RM-0,R0C,1,kg,${iso(t + 3 * H)}\n`);
  }
  for (const n of names) await w[n].end();
  return { files: names.map((n) => join(dir, `${n}.csv`)), records: units * RECORDS_PER_UNIT };
}
