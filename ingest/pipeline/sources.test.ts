import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesOf } from './sources.ts';

describe('ingest sources', () => {
  it('refuses a directory with nothing to ingest, naming a subdirectory to use', async () => {
    await expect(filesOf('examples')).rejects.toMatchObject({ code: 'LG_BAD_PARAM', message: expect.stringContaining('examples/') });
    const empty = mkdtempSync(join(tmpdir(), 'lg-src-'));
    try {
      await expect(filesOf(empty)).rejects.toMatchObject({ code: 'LG_BAD_PARAM' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('orders the templates of a plant so masters come before flows', async () => {
    const files = (await filesOf('examples/plant')).map((f) => f.split('/').pop());
    expect(files.indexOf('materials.csv')).toBeLessThan(files.indexOf('consumptions.csv'));
  });
});
