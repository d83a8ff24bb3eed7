/**
 * Which quantity-carrying flow edges the ingest log holds from more than one posting record, kept
 * in memory (posting-totals.ts asks the log only for those). Derived from `events`, built on first
 * use, kept in step by its appends (log.ts).
 */
import type { Db } from '../../analytics/db.ts';
import { IdFilter } from './id-filter.ts';
import { logState } from './log-schema.ts';

/** Flow edges that carry a quantity (the others, HAS_UNIT, DELIVERED_TO, USED_IN, never do): only these add up. */
export const POSTED_KINDS: ReadonlySet<string> = new Set(['SUPPLIED', 'CONSUMED_BY', 'PRODUCED', 'PACKED_INTO', 'SHIPPED_IN']);

/** Record types that are a store batch, not a posting: their edges replace, never add up (posting-totals.ts). */
export const BATCH_TYPES: readonly string[] = ['graph'];

/** The key of an edge in these filters. */
export const edgeKey = (e: { kind: string; from: string; to: string }): string => `${e.kind}|${e.from}|${e.to}`;

/**
 * Flow edges seen in `events` rows of posting records, as fingerprints: "not twice" is certain, so an
 * edge posted by one record costs no query (rows withdrawn later are not forgotten: that only costs one).
 */
export class PostedEdges {
  private readonly once: IdFilter;
  private readonly twice = new IdFilter();
  constructor(capacity: number) {
    this.once = new IdFilter(capacity);
  }
  add(edge: string): void {
    if (this.once.mayHave(edge)) this.twice.add(edge);
    else this.once.add(edge);
  }
  /** False when no posting record has this edge. */
  mayHaveOnce(edge: string): boolean {
    return this.once.mayHave(edge);
  }
  /** False when fewer than two posting records have this edge. */
  mayHaveTwice(edge: string): boolean {
    return this.twice.mayHave(edge);
  }
}

const posted = new WeakMap<Db, { ready?: PostedEdges; building: Promise<PostedEdges> }>();

/**
 * The flow edges posted in this database's log, built on first use (only a store apart from the log
 * asks: the embedded store answers from memory) by streaming `events` under the database queue
 * (`queued`: the caller holds it already), then kept in step by `events` appends (log.ts).
 */
export function postedEdges(db: Db, queued: boolean): Promise<PostedEdges> {
  let p = posted.get(db);
  if (!p) {
    const entry: { ready?: PostedEdges; building: Promise<PostedEdges> } = {
      building: (async () => {
        await logState(db);
        const underQueue = <T>(fn: () => Promise<T>): Promise<T> => (queued ? fn() : db.exclusive(fn));
        return underQueue(async () => {
          const where = `NOT list_contains(from_json($1::JSON, '["VARCHAR"]'), type) AND list_contains(from_json($2::JSON, '["VARCHAR"]'), edge)`;
          const params = [JSON.stringify(BATCH_TYPES), JSON.stringify([...POSTED_KINDS])];
          const [n] = await db.columns(`SELECT count(*) FROM events WHERE ${where}`, params);
          const out = new PostedEdges(Number(n![0]));
          await db.eachChunk(`SELECT edge || '|' || src || '|' || dst FROM events WHERE ${where}`, params, (cols) => {
            for (const e of cols[0] as string[]) out.add(e);
          });
          entry.ready = out;
          return out;
        });
      })(),
    };
    posted.set(db, entry);
    entry.building.catch(() => posted.delete(db));
    p = entry;
  }
  return p.building;
}

/** The posted edges when built (appends made before that are in the table it is built from). */
export const postedIfBuilt = (db: Db): PostedEdges | undefined => posted.get(db)?.ready;
