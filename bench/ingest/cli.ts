/**
 * The ingest benchmark: `npm run bench -- --ingest --scale XS|S|M|L [--out FILE.json] [--formats csv,epcis-jsonld]`,
 * or standalone `node --import tsx bench/ingest/cli.ts ...`. Prints the BENCHMARKS.md rows; writes the JSON result with --out.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ingestBench, ingestMarkdown, BASE_RECORDS, type IngestScale } from './index.ts';

/** Runs the ingest benchmark; returns the exit code (2 on bad arguments). */
export async function ingestBenchCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ingest: { type: 'boolean' }, scale: { type: 'string', default: 'S' }, out: { type: 'string' }, formats: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`lotgraph bench --ingest: ${(e as Error).message}\n`);
    return 2;
  }
  const scale = String(values.scale).toUpperCase() as IngestScale;
  if (!(scale in BASE_RECORDS)) {
    process.stderr.write(`--scale must be one of ${Object.keys(BASE_RECORDS).join(', ')}\n`);
    return 2;
  }
  const formats = values.formats ? (values.formats.split(',') as ('csv' | 'epcis-jsonld')[]) : undefined;
  const r = await ingestBench({ scale, ...(formats ? { formats } : {}), onProgress: (e) => process.stderr.write(`${e.phase}\n`) });
  if (values.out) writeFileSync(values.out, JSON.stringify(r, null, 2) + '\n');
  process.stdout.write(ingestMarkdown(r) + '\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await ingestBenchCommand(process.argv.slice(2));
}
