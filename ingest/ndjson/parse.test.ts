import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import { MAX_DEPTH, MAX_LINE_CHARS, parseNdjson } from './parse.ts';

async function all(input: string | Buffer | Buffer[]): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const it of parseNdjson(Readable.from(Array.isArray(input) ? input : [input]), { source: 's' })) out.push(it);
  return out;
}

describe('NDJSON canonical events', () => {
  it('template events read like CSV rows: same ids, keys, conversions; `at` fills the time column', async () => {
    const items = await all([
      '\uFEFF{"type":"receive","supplier":"S1","material":"M1","lot":"L1","at":"2026-03-01T08:00:00Z","qty":"5","uom":"kg"}\r\n',
      '{"type":"operation","operation":"OP1","started_at":1772352000000,"equipment":["E1","E2"]}\n',
      '{"type":"consume","id":"mes-123","operation":"OP1","serial":"(01)09506000134352(21)SN9","at":"2026-03-02T08:00:00Z"}\n',
    ].map((s) => Buffer.from(s)));
    expect(items.every((i) => i.ok)).toBe(true);
    const [r, o, c] = items.map((i) => (i.ok ? i.record : null))!;
    expect(r).toMatchObject({ id: expect.stringMatching(/^receipts:S1\|M1\|L1#[0-9a-f]{16}$/), type: 'receipts', at: Date.parse('2026-03-01T08:00:00Z'), pos: { source: 's', line: 1, record: 1 } });
    expect(r!.batch.edges![0]).toMatchObject({ kind: 'SUPPLIED', qty: 5, uom: 'kg' });
    expect(o!.batch.edges!.map((e) => e.from)).toEqual(['equipment:E1', 'equipment:E2']);
    expect(c).toMatchObject({ id: 'mes-123' });
    expect(c!.batch.edges![0]).toMatchObject({ kind: 'CONSUMED_BY', from: 'serial:09506000134352:SN9', to: 'op:OP1' });
  });

  it('graph events carry a batch; without an id their key is a hash of the event', async () => {
    const ev = { type: 'graph', nodes: [{ kind: 'Lot', key: 'lot:M:L' }], edges: [{ kind: 'OF_MATERIAL', from: 'lot:M:L', to: 'material:M' }] };
    const [a, b] = await all(`${JSON.stringify(ev)}\n${JSON.stringify({ edges: ev.edges, type: 'graph', nodes: ev.nodes })}\n`);
    expect(a!.ok && b!.ok && a.record.id === b.record.id && a.record.id.startsWith('graph:')).toBe(true);
  });

  it('bad lines say why, with their line number, and do not stop the stream', async () => {
    const items = await all(['{"type":"nope"}', '{oops', '[1]', '{"type":"consume","operation":"OP1","material":"M","lot":"L","at":"yesterday"}', '{"type":"receive","supplier":"S","material":"M","lot":"L","at":"2026-03-01","extra":1}', `{"type":"graph","nodes":[{"kind":"Lot","key":"lot:a:b","props":{"x":${'['.repeat(40)}${']'.repeat(40)}}}]}`, 'x'.repeat(MAX_LINE_CHARS + 1), '{"type":"supplier","supplier":"S9"}'].join('\n'));
    expect(items.map((i) => (i.ok ? 'ok' : `${i.error.pos.line}:${i.error.pos.field ?? ''}`))).toEqual(['1:type', '2:', '3:', '4:consumed_at', '5:extra', '6:', '7:', 'ok']);
    expect(items[5]!.ok ? '' : items[5]!.error.reason).toBe(`JSON nested deeper than ${MAX_DEPTH} levels`);
  });

  it('random input never throws; every item has a position', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 5 }).map((vs) => Buffer.from(vs.map((v) => JSON.stringify(v)).join('\n')))), async (buf) => {
        for (const it of await all(buf)) if (!it.ok) expect(it.error.pos.source).toBe('s');
      }),
      { numRuns: 300 },
    );
  });
});
