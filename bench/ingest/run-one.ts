/**
 * One measured ingest in its own process (so peak RSS is this ingest's alone):
 *   node --import tsx bench/ingest/run-one.ts <path> <dataDir>
 * Prints one JSON line: records, accepted, rejected, seconds, recordsPerSecond, peakRssMB, and
 * liveHeapMB (the JS heap still live once the ingest has returned, after a full collection).
 *   node --import tsx bench/ingest/run-one.ts --open-only <dataDir>
 * opens the data directory without ingesting (the store rebuilt from it) and prints `{ storeRssMB,
 * storeHeapMB }`: what holding that graph costs by itself, so that the ingest's own share of its peak,
 * and what it keeps live, can be told apart. Run with `--expose-gc` for the live heaps (else null).
 */
import { setMemoryLimit } from '../../analytics/db.ts';
import { openStore } from '../../graph/open-store.ts';
import { loadConfig } from '../../lib/config.ts';
import { boundHeapGrowth } from '../../lib/heap.ts';
import { ingest } from '../../ingest/pipeline/pipeline.ts';
import { itemsOfPaths } from '../../ingest/pipeline/sources.ts';

const args = process.argv.slice(2);
const openOnly = args[0] === '--open-only';
const [path, dataDir] = openOnly ? [undefined, args[1]] : args;
if (!dataDir || (!openOnly && !path)) throw new Error('usage: run-one.ts <path> <dataDir> | --open-only <dataDir>');
const opened = await openStore({ dataDir });
// as `lotgraph ingest` runs (cli/commands/ingest.ts): V8's heap growth and DuckDB's memory bounded while it loads
if (!openOnly) boundHeapGrowth();
if (!openOnly) await setMemoryLimit(opened.db, loadConfig({}, { LOTGRAPH_INGEST_MEMORY: process.env.LOTGRAPH_INGEST_MEMORY }).ingestMemory);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const mb = (bytes: number) => Math.round(bytes / 1048576);
/** The JS heap live after two full collections (null without --expose-gc). */
const liveHeap = (): number | null => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  gc();
  return mb(process.memoryUsage().heapUsed);
};
try {
  if (openOnly) {
    await opened.store.stats();
    clearInterval(timer);
    process.stdout.write(JSON.stringify({ storeRssMB: mb(Math.max(peak, process.resourceUsage().maxRSS * 1024)), storeHeapMB: liveHeap() }) + '\n');
  } else {
    const t0 = performance.now();
    const s = await ingest(itemsOfPaths([path!]), { db: opened.db, store: opened.store });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
    process.stdout.write(JSON.stringify({ records: s.records, accepted: s.accepted, rejected: s.rejected, seconds, recordsPerSecond: Math.round(s.records / seconds), peakRssMB: mb(peak), liveHeapMB: liveHeap() }) + '\n');
  }
} finally {
  clearInterval(timer);
  await opened.close();
}
