/**
 * `lotgraph rebuild`: replays the ingest log, in order, into a fresh store.
 *   --out DIR       a new data directory: the log (and facts) copied there, its embedded store
 *                   built by replaying it; the current directory is left as it is.
 *   --to neo4j      into the configured Neo4j (NEO4J_URI...), optionally emptied first (--clear);
 *                   --from store copies the embedded store's current graph instead of the log
 *                   (for data loaded without the log, such as `lotgraph demo`).
 */
import { existsSync, readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import { setMemoryLimit } from '../../analytics/db.ts';
import { boundHeapGrowth } from '../../lib/heap.ts';
import { dbPathOf, openDataDir } from '../../graph/open-store.ts';
import type { Batch } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { LgError } from '../../lib/errors.ts';
import { copyLog } from '../../ingest/pipeline/copy-log.ts';
import { replayLog } from '../../ingest/pipeline/replay.ts';
import { configOf, note, out } from '../context.ts';
import { progressView } from '../progress.ts';

interface Opts {
  to?: string;
  out?: string;
  from?: string;
  clear?: boolean;
  json?: boolean;
}

/** Registers `rebuild`. */
export function register(program: Command): void {
  program
    .command('rebuild')
    .description('replay the ingest log into a fresh store: a new data directory (--out DIR) or Neo4j (--to neo4j)')
    .option('--to <store>', 'embedded (default, needs --out) or neo4j')
    .option('--out <dir>', 'new data directory for the rebuilt embedded store')
    .option('--from <what>', 'log (default) or store (the embedded graph as it is; --to neo4j only)')
    .option('--clear', 'empty the Neo4j database first')
    .option('--json', 'machine-readable result')
    .action(async (o: Opts, cmd: Command) => {
      const config = configOf(cmd);
      boundHeapGrowth();
      const to = o.to ?? 'embedded';
      if (to !== 'embedded' && to !== 'neo4j') throw new LgError('LG_BAD_PARAM', `--to must be embedded or neo4j, not '${to}'`, { field: 'to' });
      const from = o.from ?? 'log';
      if (from !== 'log' && from !== 'store') throw new LgError('LG_BAD_PARAM', `--from must be log or store, not '${from}'`, { field: 'from' });
      const progress = progressView();
      const t0 = performance.now();
      const src = await openDataDir(config.dataDir);
      let replayed = 0;
      try {
        // this process owns both databases: their block caches need not grow with the log (as for
        // ingest). Not for a copy of the embedded store: loading it reads the graph's own tables,
        // which a 1M-node store with rewritten ids does not do in 128MB (ingest, too, bounds its
        // database only once the store is loaded)
        if (from === 'log' || to === 'embedded') await setMemoryLimit(src, config.ingestMemory);
        if (to === 'embedded') {
          if (!o.out) throw new LgError('LG_BAD_PARAM', 'rebuild into the embedded store needs --out DIR (a new data directory; the current one is left untouched)', { field: 'out' });
          if (existsSync(dbPathOf(o.out)) || (existsSync(o.out) && readdirSync(o.out).length > 0)) throw new LgError('LG_BAD_PARAM', `--out ${o.out} is not empty: give a new directory`, { field: 'out' });
          const dst = await openDataDir(o.out);
          try {
            await setMemoryLimit(dst, config.ingestMemory);
            await copyLog(src, dst);
            const store = await openEmbeddedStore(dst);
            try {
              replayed = await replayLog(dst, store, progress.onProgress);
            } finally {
              await store.close();
            }
          } finally {
            await dst.close();
          }
        } else {
          if (!config.neo4j) throw new LgError('LG_CONFIG', 'rebuild --to neo4j needs NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD)', { field: 'neo4j' });
          const { openNeo4jStore } = await import('../../graph/neo4j/index.ts');
          const neo = await openNeo4jStore(config.neo4j);
          try {
            if (o.clear) await neo.clearAll();
            replayed = from === 'log' ? await replayLog(src, neo, progress.onProgress) : await copyStore(src, neo, progress.onProgress);
          } finally {
            await neo.close();
          }
        }
      } finally {
        progress.done();
        await src.close();
      }
      const seconds = (performance.now() - t0) / 1000;
      const result = { to, from, out: o.out ?? null, replayed, seconds };
      if (o.json) out(JSON.stringify(result, null, 2));
      else {
        out(`rebuilt ${to === 'neo4j' ? `neo4j ${config.neo4j?.uri}` : `embedded ${o.out}`} from the ${from === 'log' ? 'ingest log' : 'embedded store'}: ${replayed.toLocaleString('en-US')} ${from === 'log' ? 'records' : 'nodes and edges'} in ${seconds.toFixed(1)} s`);
        if (from === 'log' && replayed === 0) note('the ingest log is empty: data loaded without it (lotgraph demo) can be copied with --from store');
      }
    });
}

/** Items from which a copy into Neo4j counts as a bulk load (projection-lease.ts). */
const BULK_ITEMS = 200_000;

/** A store with a bulk path (Neo4jStore.load: pipelined batches, same merge semantics as upsert). */
type Loader = GraphStore & { load?: (batches: AsyncIterable<Batch>, onBatch?: (b: Batch) => void, o?: { suspendProjection?: boolean }) => Promise<unknown>; loadBatchRecords?: number };

/** Copies the embedded store's whole graph into `target` (nodes, then edges), through its bulk path when it has one. */
async function copyStore(db: Awaited<ReturnType<typeof openDataDir>>, target: Loader, onProgress: (e: { phase: string; done: number; unit?: string }) => void): Promise<number> {
  const store = await openEmbeddedStore(db);
  let done = 0;
  const count = (b: Batch) => {
    done += (b.nodes?.length ?? 0) + (b.edges?.length ?? 0);
    onProgress({ phase: 'copy', done, unit: 'items' });
  };
  try {
    if (target.load) {
      // A large copy suspends Neo4j's trace projection and rebuilds it at the end (cheaper than
      // its per-write listener); a small one keeps it, so traces stay fast meanwhile.
      const s = await store.stats();
      await target.load(store.exportBatches(target.loadBatchRecords ?? 20_000), count, { suspendProjection: s.nodes + s.edges >= BULK_ITEMS });
    }
    else {
      for await (const b of store.exportBatches(10_000)) {
        await target.upsert(b);
        count(b);
      }
    }
  } finally {
    await store.close();
  }
  return done;
}
