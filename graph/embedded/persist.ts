/**
 * Persistence of the embedded store in DuckDB: append-only versioned rows (`v` = write number), so
 * a write is one appender pass inside one transaction and every earlier state stays readable.
 * On start the latest version of every node and edge is replayed into a GraphIndex.
 */
import type { Db } from '../../analytics/db.ts';
import type { ProgressFn } from '../../lib/progress.ts';
import { EDGE_KINDS, NODE_KINDS } from '../model.ts';
import { GraphIndex } from './graph-index.ts';

const SCHEMA_VERSION = '1';

/* sql */
const DDL = [
  `CREATE TABLE IF NOT EXISTS lg_meta (k VARCHAR PRIMARY KEY, v VARCHAR NOT NULL)`,
  // kind: position in NODE_KINDS; ids: aliases joined by U+001F; props: JSON text
  `CREATE TABLE IF NOT EXISTS lg_nodes (id INTEGER NOT NULL, v BIGINT NOT NULL, key VARCHAR NOT NULL, kind UTINYINT NOT NULL, ids VARCHAR, props VARCHAR)`,
  // kind: position in EDGE_KINDS; at: epoch ms (DOUBLE keeps JS numbers exact and fast to read)
  `CREATE TABLE IF NOT EXISTS lg_edges (id INTEGER NOT NULL, v BIGINT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL, kind UTINYINT NOT NULL, "at" DOUBLE, qty DOUBLE, uom VARCHAR, deleted BOOLEAN NOT NULL)`,
];

export const ALIAS_SEP = '\u001f';

export interface NodeRow {
  id: number;
  key: string;
  kind: number;
  ids: string[];
  props: string | undefined;
}

export interface EdgeRow {
  id: number;
  src: number;
  dst: number;
  kind: number;
  at: number | null;
  qty: number | null;
  uom: string | null;
  deleted: boolean;
}

/** Creates the tables when missing; refuses a database written by an incompatible version. */
export async function ensureSchema(db: Db): Promise<void> {
  for (const sql of DDL) await db.run(sql);
  const rows = await db.all(`SELECT v FROM lg_meta WHERE k = 'schema'`);
  if (rows.length === 0) {
    await db.run(`INSERT INTO lg_meta VALUES ('schema', $1), ('node_kinds', $2), ('edge_kinds', $3)`, [SCHEMA_VERSION, NODE_KINDS.join(','), EDGE_KINDS.join(',')]);
  } else if (rows[0]!.v !== SCHEMA_VERSION) {
    throw new Error(`database schema version ${String(rows[0]!.v)} is not supported by this lotgraph (expects ${SCHEMA_VERSION})`);
  }
}

/** Appends one write (already inside a transaction held by the caller). */
export async function appendRows(db: Db, v: number, nodes: NodeRow[], edges: EdgeRow[]): Promise<void> {
  if (nodes.length) {
    const a = await db.appender('lg_nodes');
    for (const r of nodes) {
      a.appendInteger(r.id);
      a.appendBigInt(BigInt(v));
      a.appendVarchar(r.key);
      a.appendUTinyInt(r.kind);
      if (r.ids.length) a.appendVarchar(r.ids.join(ALIAS_SEP));
      else a.appendNull();
      if (r.props !== undefined) a.appendVarchar(r.props);
      else a.appendNull();
      a.endRow();
    }
    a.closeSync();
  }
  if (edges.length) {
    const a = await db.appender('lg_edges');
    for (const r of edges) {
      a.appendInteger(r.id);
      a.appendBigInt(BigInt(v));
      a.appendInteger(r.src);
      a.appendInteger(r.dst);
      a.appendUTinyInt(r.kind);
      if (r.at === null) a.appendNull();
      else a.appendDouble(r.at);
      if (r.qty === null) a.appendNull();
      else a.appendDouble(r.qty);
      if (r.uom === null) a.appendNull();
      else a.appendVarchar(r.uom);
      a.appendBoolean(r.deleted);
      a.endRow();
    }
    a.closeSync();
  }
}

/** The last write number in the database (0 when empty). */
export async function lastVersion(db: Db): Promise<number> {
  const r = await db.all(`SELECT greatest(coalesce((SELECT max(v) FROM lg_nodes), 0), coalesce((SELECT max(v) FROM lg_edges), 0)) AS v`);
  return Number(r[0]!.v);
}

/** Rebuilds the in-memory index from the database: rows replayed in write order, so the latest version wins. */
export async function loadIndex(db: Db, onProgress: ProgressFn): Promise<GraphIndex> {
  const ix = new GraphIndex();
  ix.bulk = true;
  const counts = (await db.all(`SELECT (SELECT count(*) FROM lg_nodes) AS n, (SELECT count(*) FROM lg_edges) AS m`))[0]!;
  const nn = Number(counts.n);
  const ne = Number(counts.m);
  let done = 0;
  await db.eachChunk(`SELECT id, key, kind, ids, props FROM lg_nodes ORDER BY v, id`, undefined, ([id, key, kind, ids, props], rows) => {
    for (let i = 0; i < rows; i++) {
      const nid = id![i] as number;
      const aliases = ids![i] === null ? [] : (ids![i] as string).split(ALIAS_SEP);
      const p = props![i] === null ? undefined : (props![i] as string);
      if (nid < ix.n) ix.updateNode(nid, aliases, p);
      else if (nid === ix.n) ix.addNode(NODE_KINDS[kind![i] as number]!, key![i] as string, aliases, p);
      else throw new Error(`database is inconsistent: node id ${nid} follows ${ix.n - 1}`);
    }
    done += rows;
    if (done % 262_144 < rows) onProgress({ phase: 'load nodes', done, total: nn, unit: 'nodes' });
  });
  done = 0;
  await db.eachChunk(`SELECT id, src, dst, kind, "at", qty, uom, deleted FROM lg_edges ORDER BY v, id`, undefined, ([id, src, dst, kind, at, qty, uom, deleted], rows) => {
    for (let i = 0; i < rows; i++) {
      const eid = id![i] as number;
      const a = at![i] as number | null;
      const q = qty![i] as number | null;
      const u = uom![i] as string | null;
      if (eid === ix.m) ix.addEdge(src![i] as number, dst![i] as number, kind![i] as number, a, q, u);
      else if (eid < ix.m) ix.reviveEdge(eid, a, q, u);
      else throw new Error(`database is inconsistent: edge id ${eid} follows ${ix.m - 1}`);
      if (deleted![i]) ix.deleteEdge(eid);
    }
    done += rows;
    if (done % 262_144 < rows) onProgress({ phase: 'load edges', done, total: ne, unit: 'edges' });
  });
  ix.bulk = false;
  ix.compact();
  return ix;
}
