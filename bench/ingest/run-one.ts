/**
 * One measured ingest in its own process (so peak RSS is this ingest's alone):
 *   node --import tsx bench/ingest/run-one.ts <path> <dataDir>
 * Prints one JSON line: records, accepted, rejected, seconds, recordsPerSecond, peakRssMB.
 */
import { openStore } from '../../graph/open-store.ts';
import { ingest } from '../../ingest/pipeline/pipeline.ts';
import { itemsOfPaths } from '../../ingest/pipeline/sources.ts';

const [path, dataDir] = process.argv.slice(2);
if (!path || !dataDir) throw new Error('usage: run-one.ts <path> <dataDir>');
const opened = await openStore({ dataDir });
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
try {
  const t0 = performance.now();
  const s = await ingest(itemsOfPaths([path]), { db: opened.db, store: opened.store });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(JSON.stringify({ records: s.records, accepted: s.accepted, rejected: s.rejected, seconds, recordsPerSecond: Math.round(s.records / seconds), peakRssMB: Math.round(peak / 1048576) }) + '\n');
} finally {
  clearInterval(timer);
  await opened.close();
}
