import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './templates.ts';

describe('ingest/README.md', () => {
  const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
  it('documents every template and each of its columns', () => {
    for (const t of TEMPLATES) {
      const at = readme.indexOf(`### ${t.name}.csv`);
      expect(at, t.name).toBeGreaterThan(0);
      const section = readme.slice(at, readme.indexOf('\n### ', at + 1));
      for (const c of t.columns) expect(section, `${t.name}.${c.name}`).toContain(`| \`${c.name}\` |`);
    }
  });
});
