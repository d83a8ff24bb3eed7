/** Property tests: the CSV adapter and the mapping reader give records or clear errors, never a crash or a hang. */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLgError } from '../../lib/errors.ts';
import type { ParseItem } from '../record.ts';
import { timeParser } from './dates.ts';
import { checkMapping } from './mapping.ts';
import { parseCsv } from './parse.ts';

async function all(text: string | Uint8Array, source = 'suppliers.csv', delimiter?: string): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  // fed in small chunks, so records and multi-byte characters straddle chunk boundaries
  const buf = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 7) chunks.push(buf.subarray(i, i + 7));
  for await (const it of parseCsv(Readable.from(chunks), { source, ...(delimiter ? { mapping: { delimiter } } : {}) })) out.push(it);
  return out;
}

const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const field = fc.string({ maxLength: 20, unit: 'grapheme' });
// an id (a key column) that begins with a quote is refused as a quoted field with characters after its
// closing quote (row.ts; pinned in parse.test.ts): ids here do not
const id = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => s.trim() !== '' && !s.trim().startsWith('"'));

describe('CSV adapter properties', () => {
  it('any quoted rows round-trip: values (trimmed) and line numbers come back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(id, field), { minLength: 1, maxLength: 15 }), fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n'), async (rows, delim, eol) => {
        const text = [`supplier${delim}name`, ...rows.map(([a, b]) => `${quote(a)}${delim}${quote(b)}`)].join(eol) + eol;
        const items = await all(text, 'suppliers.csv', delim);
        expect(items).toHaveLength(rows.length);
        let line = 2;
        items.forEach((it, i) => {
          expect(it.ok).toBe(true);
          if (!it.ok) return;
          const [a, b] = rows[i]!;
          expect(it.record.raw).toEqual({ supplier: a, name: b });
          expect(it.record.pos.line).toBe(line);
          expect(it.record.batch.nodes![0]!.ids).toEqual([a.trim()]);
          line += 1 + (a.match(/\r\n|\n|\r/g)?.length ?? 0) + (b.match(/\r\n|\n|\r/g)?.length ?? 0);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes and mutated CSV give items with a position, never an exception', async () => {
    const valid = 'operation,material,lot,qty,uom,consumed_at\nOP1,M1,L1,1,kg,2026-03-01T08:00:00Z\n"OP2","M,2",L2,2.5,ea,2026-03-01\n';
    const mutated = fc.tuple(fc.nat({ max: valid.length }), fc.nat({ max: 20 }), fc.uint8Array({ maxLength: 20 })).map(([at, del, ins]) => {
      const b = Buffer.from(valid);
      return Buffer.concat([b.subarray(0, at), Buffer.from(ins), b.subarray(Math.min(b.length, at + del))]);
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), fc.constantFrom('consumptions.csv', 'x.csv'), async (bytes, source) => {
        const items = await all(bytes, source);
        for (const it of items) {
          if (it.ok) expect(typeof it.record.id).toBe('string');
          else {
            expect(it.error.pos.source).toBe(source);
            expect(typeof it.error.reason).toBe('string');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a mapping object is accepted or refused with LG_BAD_PARAM, nothing else', () => {
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })));
    const key = fc.constantFrom('template', 'delimiter', 'columns', 'constants', 'dateFormat', 'timeZone', 'decimal', 'units', 'knownUnits', 'encoding', 'x');
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, value), fc.anything()), (m) => {
        try {
          checkMapping(m);
        } catch (e) {
          expect(isLgError(e) && e.code === 'LG_BAD_PARAM').toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a date written with the mapping pattern in a time zone reads back as the same instant', () => {
    const parse = timeParser('DD.MM.YYYY HH:mm', 'Europe/Berlin');
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    const offsetAt = (t: number) => {
      const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, x.value]));
      return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!) - t;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (minutes) => {
        const t = minutes * 60_000;
        // the hour a clock goes back is written twice: either reading is right, skip it
        fc.pre(offsetAt(t - 3_600_000) === offsetAt(t + 3_600_000));
        const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, x.value]));
        expect(parse(`${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`)).toBe(t);
      }),
      { numRuns: 500 },
    );
  });
});
