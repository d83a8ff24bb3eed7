/**
 * Time order: a lot or serial cannot be consumed, packed or shipped before it existed (received or
 * produced). Rework is not a contradiction: an operation may consume an item before it produces it
 * again, so a consumption by the operation whose output is the item's earliest known origin passes
 * (with files read in template order, productions come before consumptions, and the rework output
 * may be the first origin seen of a reworked serial). Origin times come from the records of the
 * chunk being checked and, for the rest, from the store when it holds the graph in memory and has
 * applied every earlier chunk (`GraphStore.earliestIn`: the embedded store on the log's database),
 * else from this run's earlier records and the `events` fact table. That in-memory part is bounded:
 * past a cap, the older half is dropped (items are mostly used soon after they appear, so the
 * recent half is what saves lookups); the fact table is scanned once per chunk for the rest.
 */
import type { Db } from '../../analytics/db.ts';
import type { EdgeKind } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import type { IngestRecord, RecordError } from '../record.ts';
import { logState } from './log-schema.ts';

const ORIGIN_KINDS: readonly EdgeKind[] = ['SUPPLIED', 'PRODUCED'];
const ORIGIN = new Set<string>(ORIGIN_KINDS);
const USE = new Set(['CONSUMED_BY', 'PACKED_INTO', 'SHIPPED_IN']);
const ITEM = /^(lot|serial):/;

const ms = (at: unknown): number => (typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : NaN);

/** An item's earliest known origin: when, and what produced or supplied it (null when unknown). */
interface Origin {
  t: number;
  by: string | null;
}

const NONE: Origin = { t: NaN, by: null };

/** Tracks when each lot/serial came into being, and rejects uses before that. */
export class TimeOrder {
  /** key -> earliest origin; NONE = looked up, none known. */
  private readonly origin = new Map<string, Origin>();

  /**
   * `store`: a store whose graph holds every record checked before the next prefetch (it answers
   * `earliestIn` from memory), so origins need no query and only the current chunk's are kept.
   */
  constructor(private readonly db: Db, private readonly store?: Pick<GraphStore, 'earliestIn'>, private readonly cap = 300_000) {}

  /** Loads origin times of the items `records` use that this run has not seen (from the store, or one query per chunk). */
  async prefetch(records: IngestRecord[]): Promise<void> {
    if (this.store?.earliestIn) {
      this.origin.clear();
      const missing = this.missing(records);
      const found = this.store.earliestIn(missing, ORIGIN_KINDS);
      for (const k of missing) {
        const o = found.get(k);
        this.origin.set(k, o ? { t: o.at, by: o.from } : NONE);
      }
      return;
    }
    if (this.origin.size > this.cap) {
      // a Map iterates in insertion order: the first keys are the oldest
      let drop = this.origin.size - Math.floor(this.cap / 2);
      for (const k of this.origin.keys()) {
        if (drop-- <= 0) break;
        this.origin.delete(k);
      }
    }
    const missing = this.missing(records);
    if (missing.size === 0) return;
    await logState(this.db);
    const rows = await this.db.exclusive(async () => {
      await this.db.run(`CREATE TEMP TABLE IF NOT EXISTS ingest_probe_keys (k VARCHAR)`);
      await this.db.run(`DELETE FROM ingest_probe_keys`);
      const a = await this.db.appender('ingest_probe_keys');
      for (const k of missing) {
        a.appendVarchar(k);
        a.endRow();
      }
      a.closeSync();
      /* sql */
      return this.db.columns(`SELECT dst, min("at"), arg_min(src, "at") FROM events WHERE edge IN ('SUPPLIED', 'PRODUCED') AND "at" IS NOT NULL AND dst IN (SELECT k FROM ingest_probe_keys) GROUP BY dst`);
    });
    for (const k of missing) this.origin.set(k, NONE);
    const [dst = [], at = [], by = []] = rows as [string[]?, bigint[]?, string[]?];
    dst.forEach((k, i) => this.origin.set(k, { t: Number(at[i]), by: by[i] ?? null }));
  }

  /** The lots and serials `records` use whose origin is not known here yet. */
  private missing(records: IngestRecord[]): Set<string> {
    const out = new Set<string>();
    for (const r of records) for (const e of r.batch.edges ?? []) if (USE.has(e.kind) && ITEM.test(e.from) && !this.origin.has(e.from)) out.add(e.from);
    return out;
  }

  /** The reason `r` is out of order (using an item before its origin), or null. */
  check(r: IngestRecord): RecordError | null {
    for (const e of r.batch.edges ?? []) {
      if (!USE.has(e.kind)) continue;
      const t = ms(e.at);
      const o = this.origin.get(e.from);
      if (o === undefined || !Number.isFinite(o.t) || !Number.isFinite(t) || t >= o.t) continue;
      if (e.kind === 'CONSUMED_BY' && o.by === e.to) continue; // rework: consumed by the operation that produces it again
      const what = e.kind === 'CONSUMED_BY' ? 'consumed' : e.kind === 'PACKED_INTO' ? 'packed' : 'shipped';
      return { pos: r.pos, reason: `time order: ${e.from} ${what} at ${new Date(t).toISOString()}, before it was received or produced at ${new Date(o.t).toISOString()}`, value: new Date(t).toISOString() };
    }
    return null;
  }

  /** Remembers the origin times `r` asserts. */
  note(r: IngestRecord): void {
    for (const e of r.batch.edges ?? []) {
      if (!ORIGIN.has(e.kind)) continue;
      const t = ms(e.at);
      if (!Number.isFinite(t)) continue;
      const o = this.origin.get(e.to);
      if (o === undefined || !Number.isFinite(o.t) || t < o.t) this.origin.set(e.to, { t, by: e.from });
    }
  }
}
