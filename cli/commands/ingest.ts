/**
 * `lotgraph ingest <file|dir|-> [--mapping FILE] [--strict] [--json]`: CSV templates (or an ERP
 * export with a mapping), NDJSON canonical events ('-' = stdin), EPCIS JSON-LD/XML documents.
 * Opens the data directory itself, or sends the files to the running server that owns it.
 * Exit code 1 when any record was rejected (the summary lists them with file, line and field).
 */
import type { Command } from 'commander';
import { setMemoryLimit } from '../../analytics/db.ts';
import { boundHeapGrowth } from '../../lib/heap.ts';
import { openStore } from '../../graph/open-store.ts';
import { isLgError } from '../../lib/errors.ts';
import { ingest, type IngestProgress, type IngestSummary } from '../../ingest/pipeline/pipeline.ts';
import { ingestRemote } from '../../ingest/pipeline/remote.ts';
import { itemsOfPaths, subdirsOf } from '../../ingest/pipeline/sources.ts';
import type { SourcePos } from '../../ingest/record.ts';
import { configOf, note, out, setExitCode } from '../context.ts';
import { table } from '../table.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** A progress line on stderr with the rate and the rejects so far (rewritten on a terminal, every 3 s in a log). */
function ingestProgress(stream: NodeJS.WriteStream = process.stderr): { onProgress: (e: IngestProgress) => void; done(): void } {
  const tty = stream.isTTY === true;
  const t0 = Date.now();
  let last = 0;
  let pending: IngestProgress | null = null;
  let drawn = false;
  let shown = '';
  const draw = (e: IngestProgress) => {
    const secs = Math.max((Date.now() - t0) / 1000, 0.001);
    const line = `ingest: ${n(e.done)} records, ${n(Math.round(e.done / secs))} records/s, ${n(e.rejected)} rejected, ${n(e.duplicates)} duplicates`;
    stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    shown = `${e.done}/${e.rejected}/${e.duplicates}`;
    drawn = true;
    pending = null;
    last = Date.now();
  };
  return {
    onProgress(e) {
      pending = e;
      if (!drawn || Date.now() - last >= (tty ? 100 : 3000)) draw(e);
    },
    done() {
      if (pending && `${pending.done}/${pending.rejected}/${pending.duplicates}` !== shown) draw(pending);
      if (drawn && tty) stream.write('\n');
    },
  };
}

/** Human rendering of a summary: totals, per source, then the rejects with their positions. */
export function renderSummary(s: IngestSummary, where: string): string[] {
  const lines = [
    `ingested ${n(s.records)} records into ${where} in ${s.seconds.toFixed(1)} s (${n(s.recordsPerSecond)} records/s)`,
    `accepted ${n(s.accepted)}, duplicates ${n(s.duplicates)} (already in the log: unchanged), rejected ${n(s.rejected)}${s.rolledBack ? ' — --strict: nothing was applied' : ''}${s.recovered ? `; ${n(s.recovered)} records of an interrupted ingest were applied first` : ''}`,
    ...(s.replaced ? [`replaced ${n(s.replaced)} earlier version${s.replaced === 1 ? '' : 's'} of postings edited in place (same posting, other values: the earlier one no longer counts)`] : []),
  ];
  const sources = Object.entries(s.bySource);
  if (sources.length > 1 || s.rejected > 0) {
    lines.push('', ...table(['SOURCE', 'ACCEPTED', 'DUPLICATES', 'REJECTED'], sources.map(([k, c]) => [k, c.accepted, c.duplicates, c.rejected])));
  }
  if (s.rejects.length) {
    lines.push('', 'rejected:');
    for (const r of s.rejects) {
      lines.push(`  ${positionOf(r.pos)}${r.pos.field ? ` [${r.pos.field}]` : ''}: ${r.reason}${r.value !== undefined ? ` (value: ${JSON.stringify(r.value)})` : ''}`);
    }
    if (s.rejectsTruncated) lines.push(`  ... and ${n(s.rejected - s.rejects.length)} more`);
  }
  if (s.warned > 0) {
    lines.push('', `warnings (${n(s.warned)} record${s.warned === 1 ? '' : 's'} accepted with a warning):`);
    for (const w of s.warnings) lines.push(`  ${positionOf(w.pos)}${w.pos.field ? ` [${w.pos.field}]` : ''}: ${w.reason}`);
    if (s.warningsTruncated) lines.push('  ... and more (the first are listed)');
  }
  return lines;
}

/**
 * file:line, and the record (row or event) number where the line alone does not tell it: an EPCIS
 * document on one line, a CSV field over several lines.
 */
function positionOf(pos: SourcePos): string {
  const { line, record } = pos;
  const rec = record !== undefined && (line === undefined || (record !== line && record !== line - 1));
  return [pos.source, line].filter((x) => x !== undefined).join(':') + (rec ? `${line === undefined ? ':' : ', '}record ${record}` : '');
}

/** Registers `ingest`. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('load CSV templates, ERP exports (--mapping), NDJSON events (- = stdin) or EPCIS documents; idempotent')
    .argument('<paths...>', 'files or directories, or - for NDJSON on stdin')
    .option('--mapping <file>', 'column-mapping file (JSON or YAML) for an ERP/MES export')
    .option('--strict', 'all or nothing: apply nothing when any record is rejected')
    .option('--json', 'machine-readable summary')
    .action(async (paths: string[], o: { mapping?: string; strict?: boolean; json?: boolean }, cmd: Command) => {
      const config = configOf(cmd);
      // a directory's files are read, not its subdirectories (an export folder per day or system): said, not skipped silently
      for (const d of subdirsOf(paths)) note(`${d} is a subdirectory: not read (give its path to ingest it)`);
      boundHeapGrowth();
      const progress = ingestProgress();
      let s: IngestSummary;
      let where: string;
      try {
        const opened = await openStore({ dataDir: config.dataDir, store: config.store, ...(config.neo4j ? { neo4j: config.neo4j } : {}) });
        try {
          where = `${opened.store.name} ${config.dataDir}`;
          // This process owns the database until it ends: DuckDB's block cache need not grow with the load.
          await setMemoryLimit(opened.db, config.ingestMemory);
          s = await ingest(itemsOfPaths(paths, o.mapping ? { mapping: o.mapping } : {}), { db: opened.db, store: opened.store, strict: o.strict === true, onProgress: progress.onProgress });
        } finally {
          progress.done();
          await opened.close();
        }
      } catch (e) {
        if (!isLgError(e) || e.code !== 'LG_DATA_LOCKED') throw e;
        note(`${config.dataDir} is owned by a running server: sending to ${config.server}`);
        where = `server ${config.server}`;
        s = await ingestRemote(config.server, paths, { ...(o.mapping ? { mapping: o.mapping } : {}), strict: o.strict === true });
      }
      out(o.json ? JSON.stringify(s, null, 2) : renderSummary(s, where).join('\n'));
      if (s.rejected > 0) setExitCode(1);
    });
}
