/**
 * Sending an ingest to a running server (when it owns the data directory's DuckDB file): each file
 * is streamed to POST /api/ingest (stdin to POST /api/events) and the summaries are merged.
 * A --strict ingest is all or nothing per file here (each file is one request).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { ERROR_STATUS, LgError, type ErrorCode } from '../../lib/errors.ts';
import { loadMapping } from '../csv/mapping.ts';
import type { IngestSummary } from './summary.ts';
import { emptySummary, mergeSummary } from './summary.ts';
import { filesOf, firstBytes, formatOf, siblingMapping } from './sources.ts';


async function post(base: string, path: string, body: Readable): Promise<IngestSummary> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...(process.env.LOTGRAPH_API_KEY ? { authorization: `Bearer ${process.env.LOTGRAPH_API_KEY}` } : {}) }, body: Readable.toWeb(body) as ReadableStream, duplex: 'half' } as RequestInit);
  } catch (e) {
    throw new LgError('LG_STORE_UNAVAILABLE', `the data directory is in use and no lotgraph server answers at ${base} (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}): pass --server URL`, { server: base });
  }
  const json = (await res.json().catch(() => null)) as (IngestSummary & { code?: string; message?: string; details?: Record<string, unknown> }) | null;
  if (!res.ok || !json) {
    const code = (json?.code && json.code in ERROR_STATUS ? json.code : 'LG_INTERNAL') as ErrorCode;
    throw new LgError(code, json?.message ?? `server ${base} answered ${res.status}`, json?.details);
  }
  return json;
}

/** Ingests `paths` through the server at `base`. */
export async function ingestRemote(base: string, paths: string[], o: { mapping?: string; strict?: boolean; stdin?: Readable }): Promise<IngestSummary> {
  const total = emptySummary(o.strict === true);
  const explicit = o.mapping ? await loadMapping(o.mapping) : undefined;
  const strict = o.strict ? '&strict=true' : '';
  for (const p of paths) {
    if (p === '-') {
      mergeSummary(total, await post(base, `/api/events?source=stdin${strict}`, o.stdin ?? process.stdin));
      continue;
    }
    if (!existsSync(p)) throw new LgError('LG_NOT_FOUND', `no such file or directory: ${p}`, { path: p });
    for (const f of statSync(p).isDirectory() ? await filesOf(p) : [p]) {
      // the head only: a file of gigabytes is streamed to the server, never read whole here
      const format = formatOf(f, await firstBytes(f));
      const sibling = format === 'csv' && !explicit ? siblingMapping(f) : undefined;
      const mapping = explicit ?? (sibling ? await loadMapping(sibling) : undefined);
      const qs = new URLSearchParams({ source: f, format });
      if (mapping) qs.set('mapping', JSON.stringify(mapping));
      mergeSummary(total, await post(base, `/api/ingest?${qs}${strict}`, createReadStream(f)));
    }
  }
  return total;
}
