// reportError prints one line per error, and for DuckDB running out of the memory `ingest` and
// `rebuild` allow it (LOTGRAPH_INGEST_MEMORY) it says which setting to raise.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from './main.ts';

describe('reportError', () => {
  afterEach(() => vi.restoreAllMocks());
  const printed = (e: unknown) => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    const code = reportError(e);
    return { code, text: lines.join('') };
  };

  it('names LOTGRAPH_INGEST_MEMORY for a DuckDB out-of-memory error', () => {
    const { code, text } = printed(new Error('Out of Memory Error: failed to pin block of size 256.0 KiB (122.1 MiB/122.0 MiB used)'));
    expect(code).toBe(1);
    expect(text).toMatch(/^error \[LG_INTERNAL\]: Out of Memory Error/);
    expect(text).toMatch(/hint: .*LOTGRAPH_INGEST_MEMORY/);
  });

  it('gives no such hint for another error', () => {
    expect(printed(new Error('boom')).text).not.toMatch(/hint/);
  });
});
