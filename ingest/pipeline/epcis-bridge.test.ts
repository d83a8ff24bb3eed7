import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from './pipeline.ts';
import { itemsOfPaths } from './sources.ts';
import { memoryStore } from './test-kit.ts';

const FIXTURES = join(import.meta.dirname, '../epcis/fixtures/valid');

describe.each([{ apart: false }, { apart: true }])('EPCIS corrections across formats (apart $apart)', ({ apart }) => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    env = await memoryStore({ apart });
  });
  afterEach(async () => {
    await env.close();
  });

  it('an XML error declaration retracts the JSON-LD event it copies, which has no eventID (same event hash)', async () => {
    const first = await ingest(itemsOfPaths([join(FIXTURES, 'json-no-event-id-same-as-xml.jsonld')]), { db: env.db, store: env.store });
    expect(first).toMatchObject({ accepted: 2, rejected: 0 });
    const supplied = async () => (await env.store.neighbourhood('supplier:0614141000012', { hops: 1, direction: 'forward' })).edges.filter((e) => e.kind === 'SUPPLIED');
    expect(await supplied()).toHaveLength(3);
    // the same event as XML is a duplicate, not a second record
    expect(await ingest(itemsOfPaths([join(FIXTURES, 'xml-no-event-id-same-as-json.xml')]), { db: env.db, store: env.store })).toMatchObject({ accepted: 0, duplicates: 2 });
    const decl = await ingest(itemsOfPaths([join(FIXTURES, 'xml-error-declaration-of-json-event.xml')]), { db: env.db, store: env.store });
    expect(decl).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await supplied()).toEqual([]);
    const log = await env.db.all(`SELECT id, status FROM ingest_log ORDER BY seq`);
    expect(log.map((r) => r.status)).toEqual(['retracted', 'applied', 'applied']);
    expect(log[2]!.id).toBe(`${String(log[0]!.id)}#declared-erroneous`);
  });
});
