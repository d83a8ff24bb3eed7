import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import { itemsOfPaths } from './sources.ts';
import { normaliseTimes } from './validate.ts';

const FIXTURES = 'ingest/epcis/fixtures';
const PATHS = ['examples/plant', 'examples/erp', 'examples/bad', join(FIXTURES, 'valid'), join(FIXTURES, 'invalid')];

const all = async (it: AsyncIterable<ParseItem | ParseItem[]>): Promise<ParseItem[]> => {
  const out: ParseItem[] = [];
  for await (const got of it) out.push(...(Array.isArray(got) ? got : [got]));
  return out;
};

/** An in-thread item as the worker hands it over: the source record as text, edge times in epoch ms. */
function asFromWorker(it: ParseItem): ParseItem {
  if (!it.ok) return it;
  const rawText = it.record.rawText ?? JSON.stringify(it.record.raw ?? null);
  normaliseTimes(it.record);
  return { ok: true, record: { ...it.record, raw: null, rawText } };
}

describe('parsing in a worker thread', () => {
  it('gives the items the same parsers give in-thread, in the same order (CSV with mappings, bad rows, EPCIS JSON-LD and XML)', async () => {
    const inThread = await all(itemsOfPaths(PATHS, { worker: false }));
    const inWorker = await all(itemsOfPaths(PATHS, { worker: true }));
    expect(inThread.length).toBeGreaterThan(50);
    expect(inThread.some((i) => !i.ok)).toBe(true);
    expect(inWorker).toEqual(inThread.map(asFromWorker));
  });

  it('stops the worker when the reader stops early', async () => {
    const it = itemsOfPaths(['examples/plant'], { worker: true });
    const first = await it.next();
    expect(first.done).toBe(false);
    await expect(it.return(undefined)).resolves.toMatchObject({ done: true });
  });
});
