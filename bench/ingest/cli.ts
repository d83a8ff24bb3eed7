/**
 * Standalone ingest benchmark: `node --import tsx bench/ingest/cli.ts --scale XS|S|M|L [--out FILE.json] [--formats csv,epcis-jsonld]`.
 * Prints the BENCHMARKS.md rows; writes the JSON result with --out.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ingestBench, ingestMarkdown, BASE_RECORDS, type IngestScale } from './index.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'S' }, out: { type: 'string' }, formats: { type: 'string' } } });
const scale = String(values.scale).toUpperCase() as IngestScale;
if (!(scale in BASE_RECORDS)) {
  process.stderr.write(`--scale must be one of ${Object.keys(BASE_RECORDS).join(', ')}\n`);
  process.exit(2);
}
const formats = values.formats ? (values.formats.split(',') as ('csv' | 'epcis-jsonld')[]) : undefined;
const r = await ingestBench({ scale, ...(formats ? { formats } : {}), onProgress: (e) => process.stderr.write(`${e.phase}\n`) });
if (values.out) writeFileSync(values.out, JSON.stringify(r, null, 2) + '\n');
process.stdout.write(ingestMarkdown(r) + '\n');
