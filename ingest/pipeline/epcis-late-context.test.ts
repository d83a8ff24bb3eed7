import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from './pipeline.ts';
import { itemsOfPaths } from './sources.ts';
import { memoryStore } from './test-kit.ts';

const FIXTURES = join(import.meta.dirname, '../epcis/fixtures/valid');

describe.each([{ apart: false }, { apart: true }])('EPCIS JSON-LD with @context after the event list (apart $apart)', ({ apart }) => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    env = await memoryStore({ apart });
  });
  afterEach(async () => {
    await env.close();
  });

  it('is the same record as its XML copy, and its error declaration retracts the XML original', async () => {
    const run = (f: string) => ingest(itemsOfPaths([join(FIXTURES, f)]), { db: env.db, store: env.store });
    const supplied = async () => (await env.store.neighbourhood('supplier:0614141000012', { hops: 1, direction: 'forward' })).edges.filter((e) => e.kind === 'SUPPLIED');
    expect(await run('xml-no-event-id-same-as-json.xml')).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await supplied()).toHaveLength(3);
    // the late-context JSON-LD copy is a duplicate, not a second posting
    expect(await run('json-late-context-no-event-id.jsonld')).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await run('json-late-context-error-declaration.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await supplied()).toEqual([]);
    const log = await env.db.all(`SELECT id, status FROM ingest_log ORDER BY seq`);
    expect(log.map((r) => r.status)).toEqual(['retracted', 'applied', 'applied']);
    expect(log[2]!.id).toBe(`${String(log[0]!.id)}#declared-erroneous`);
  });
});
