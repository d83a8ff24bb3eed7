/**
 * `lotgraph demo [--scale XS|S]`: on an empty data directory, generate a demo plant (scale S,
 * ~100k nodes) and load it with progress on stderr; then serve, printing ids and curl commands to try.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generatePlant } from '../../bench/generate.ts';
import { SIZES } from '../../bench/catalog.ts';
import type { Scale } from '../../bench/generate.ts';
import type { OpenedStore } from '../../graph/open-store.ts';
import { LgError } from '../../lib/errors.ts';
import { configOf, note, out } from '../context.ts';
import { progressView } from '../progress.ts';
import { openConfiguredStore, serveStore } from './serve.ts';

/** Ids worth trying, saved beside the database so a later `demo` can show them again. */
interface DemoExamples {
  scale: string;
  rawLot: string;
  heaviestLot: string;
  finishedLot: string;
  serial: string;
  equipment: string;
  supplier: string;
}

const EXAMPLES_FILE = 'demo-examples.json';
/** Present while the demo plant is being loaded. */
const LOADING_FILE = 'demo-loading';
/** Records per finished lot in the generated plant (bench/catalog.ts: ~31 nodes + ~67 edges). */
const RECORDS_PER_FINISHED_LOT = 98;

/** Generates the plant into `opened.store`, with a records/s progress line. */
export async function loadDemoPlant(opened: OpenedStore, scale: Scale): Promise<DemoExamples> {
  const plant = generatePlant({ scale, seed: 42 });
  const progress = progressView();
  const total = SIZES[scale].finishedLots * RECORDS_PER_FINISHED_LOT;
  let done = 0;
  for (const b of plant.batches()) {
    await opened.store.upsert(b);
    done += (b.nodes?.length ?? 0) + (b.edges?.length ?? 0);
    progress.onProgress({ phase: `loading demo plant ${scale}`, done, total: Math.max(total, done), unit: 'records' });
  }
  progress.done();
  const m = plant.meta();
  return {
    scale, rawLot: m.rawLots.find((l) => !m.commonRawLots.includes(l)) ?? m.rawLots[0]!, heaviestLot: m.heaviestLot,
    finishedLot: m.finishedLots[0]!, serial: m.serials[0]!, equipment: m.equipment[0]!, supplier: m.suppliers[0]!,
  };
}

function tryThese(url: string, ex: DemoExamples): void {
  const q = encodeURIComponent;
  out('');
  out('try:');
  out(`  # where did this device come from; where did a raw lot go; the most used resin lot; a press in January`);
  out(`  lotgraph trace '${ex.serial}' --backward`);
  out(`  lotgraph trace '${ex.rawLot}' --forward --kinds Lot,Customer`);
  out(`  lotgraph recall '${ex.heaviestLot}'`);
  out(`  lotgraph recall --equipment '${ex.equipment}' --from 2025-01-01 --to 2025-01-31`);
  out(`  curl '${url}/api/trace?id=${q(ex.serial)}&direction=backward&paths=true'`);
  out(`  curl -X POST '${url}/api/recall?format=csv' -H 'content-type: application/json' -d '${JSON.stringify({ suspects: [ex.rawLot] })}'`);
  out(`  curl '${url}/api/entities/${q(ex.finishedLot)}'`);
  out(`  curl '${url}/api/stats'`);
  out('(the CLI talks to this server while it owns the data directory)');
}

/** Registers `demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('generate a demo plant into an empty data directory, then serve it')
    .option('--scale <scale>', 'demo plant size: XS (~1.5k nodes) or S (~100k nodes)', 'S')
    .action(async (o: { scale: string }, cmd: Command) => {
      const config = configOf(cmd);
      const scale = o.scale.toUpperCase();
      if (scale !== 'XS' && scale !== 'S') throw new LgError('LG_BAD_PARAM', `--scale must be XS or S for the demo (use \`lotgraph bench\` for M and L), got '${o.scale}'`, { field: 'scale' });
      const opened = await openConfiguredStore(config);
      const exFile = join(config.dataDir, EXAMPLES_FILE);
      const markFile = join(config.dataDir, LOADING_FILE);
      let examples: DemoExamples | null = null;
      try {
        // Empty means no nodes in the store (for Neo4j, the database, not the directory). A load
        // that was interrupted left its marker: loading again completes it (upserts are idempotent).
        if ((await opened.store.stats()).nodes === 0 || existsSync(markFile)) {
          writeFileSync(markFile, `${new Date().toISOString()}\n`);
          note(`generating demo plant ${scale} into ${config.dataDir} (${config.store} store)`);
          const t0 = Date.now();
          examples = await loadDemoPlant(opened, scale);
          const s = await opened.store.stats();
          note(`loaded ${s.nodes.toLocaleString('en-US')} nodes and ${s.edges.toLocaleString('en-US')} edges in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          writeFileSync(exFile, JSON.stringify(examples, null, 2) + '\n');
          rmSync(markFile, { force: true });
        } else if (existsSync(exFile)) {
          examples = JSON.parse(readFileSync(exFile, 'utf8')) as DemoExamples;
          note(`${config.dataDir} already holds data: serving it as is`);
        } else {
          note(`${config.dataDir} already holds data (not a demo plant): serving it as is`);
        }
      } catch (e) {
        await opened.close();
        throw e;
      }
      await serveStore(config, opened, (url) => {
        if (examples) tryThese(url, examples);
      });
    });
}
