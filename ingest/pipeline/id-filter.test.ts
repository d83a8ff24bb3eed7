import { describe, expect, it } from 'vitest';
import { IdFilter } from './id-filter.ts';

describe('IdFilter', () => {
  it('never misses an id it holds, through growth, and has no false alarm among 500k others', () => {
    const f = new IdFilter(16);
    const id = (i: number) => `consumptions:lot%3ARESIN-${i % 977}%3A${i}|op%3AWO${i}-10`;
    for (let i = 0; i < 500_000; i++) f.add(id(i));
    f.add(id(7)); // again: counted once
    expect(f.size).toBe(500_000);
    let missed = 0;
    for (let i = 0; i < 500_000; i++) if (!f.mayHave(id(i))) missed++;
    expect(missed).toBe(0);
    // 32-bit fingerprints gave ~58 false alarms here (n^2 / 2^32); 64-bit ones, in practice none
    let alarms = 0;
    for (let i = 500_000; i < 1_000_000; i++) if (f.mayHave(id(i))) alarms++;
    expect(alarms).toBe(0);
    expect(f.mayHave('')).toBe(false);
  });
});
