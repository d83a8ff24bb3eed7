import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressView } from './progress.ts';

describe('progressView', () => {
  afterEach(() => vi.useRealTimers());

  it('shows no rate on a phase\'s first tick, then the rate since the phase began', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = progressView(stream);
    p.onProgress({ phase: 'loading', done: 5000, total: 100_000, unit: 'records' });
    vi.setSystemTime(1_000_000 + 4000);
    p.onProgress({ phase: 'loading', done: 25_000, total: 100_000, unit: 'records' });
    p.done();
    expect(lines).toEqual(['loading: 5,000 / 100,000 (5%) records\n', 'loading: 25,000 / 100,000 (25%) records, 6,250 records/s\n']);
  });
});
