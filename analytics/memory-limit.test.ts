// setMemoryLimit bounds the real DuckDB's memory (the value bound as a parameter), and `default`
// leaves DuckDB's own limit.
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, setMemoryLimit, type Db } from './db.ts';

describe('setMemoryLimit', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const limit = async (d: Db) => String((await d.all(`SELECT current_setting('memory_limit') AS v`))[0]!.v);

  it('sets the limit, and leaves it for default', async () => {
    db = await openDb(':memory:');
    const before = await limit(db);
    await setMemoryLimit(db, 'default');
    expect(await limit(db)).toBe(before);
    await setMemoryLimit(db, '128MB');
    expect(await limit(db)).toBe('122.0 MiB'); // DuckDB shows 128 MB (10^6) in MiB
    await setMemoryLimit(db, '1GiB');
    expect(await limit(db)).toBe('1.0 GiB');
  });
});
