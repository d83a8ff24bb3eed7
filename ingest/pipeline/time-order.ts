/**
 * Time order: a lot or serial cannot be consumed, packed or shipped before it existed (received or
 * produced). Rework is not a contradiction: an operation that consumes an item and produces it
 * again re-makes what already existed, so its output is never taken as the item's origin (whether
 * the consumption is read before or after the output: with files read in template order,
 * productions come before consumptions, and packing and shipments after both; a reworked serial
 * may be packed before its rework). A receipt does not bound an EPCIS shipping or packing event:
 * EPCIS data is routinely several parties' (the supplier's packing and shipping of an item, then the
 * customer's receipt of it from that supplier: GS1 example 9.6.1, in either order), and neither
 * names the party, so one before a receipt may be the supplier's own; the plant's own shipments and
 * packing (CSV, NDJSON rows) are still checked against receipts, an EPCIS consumption too (what a
 * supplier consumed is not what it shipped), and every use against productions. An EPCIS
 * AssociationEvent's own Operation PRODUCED its children (ingest/epcis/map-association.ts), but an
 * association is no production: it is never an origin (records of type `AssociationEvent`, their
 * rows in `events`, and in the store their Operation's `association: true`). Origin times come from the records of the chunk being checked
 * and, for the rest, from the store when it holds the graph in memory and has applied every
 * earlier chunk (`GraphStore.originsIn`: the embedded store on the log's database), else from this
 * run's earlier records and the `events` fact table. That in-memory part is bounded: past a cap,
 * the older half is dropped (items are mostly used soon after they appear, so the recent half is
 * what saves lookups); the fact table is scanned once per chunk for the rest.
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
/** Record types of EPCIS events (ObjectEvent...): any party's, not only the plant's own. */
const EPCIS_EVENT = /Event$/;
/** The record type of an EPCIS AssociationEvent: its PRODUCED edges are no origin (module comment). */
const ASSOCIATION = 'AssociationEvent';
/** A receipt is a SUPPLIED origin, which only a Supplier asserts (graph/model.ts). */
const isReceipt = (o: Origin): boolean => o.from.startsWith('supplier:');

const DAY_MS = 86_400_000;

const ms = (at: unknown): number => (typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : NaN);

/** A known origin of an item: when (epoch ms), and what produced or supplied it. */
interface Origin {
  at: number;
  from: string;
}

/**
 * The origins known of an item. `complete`: looked up in the store or the fact table; otherwise
 * only this run's records are known, and an earlier run may have given the item an earlier origin.
 */
interface Known {
  list: Origin[];
  complete: boolean;
}

/** Tracks when each lot/serial came into being, and rejects uses before that. */
export class TimeOrder {
  /** key -> its known origins ({ list: [], complete: true } = looked up, none known). */
  private readonly origins = new Map<string, Known>();
  /** key -> operations this run has seen consume it (their outputs of it are reworks, not origins). */
  private readonly consumers = new Map<string, Set<string>>();
  /**
   * The Operations of EPCIS associations the log holds (read once per run from `events`) and this run
   * brings: the store's origins from them are none. Also those logged before their Operation carried
   * `association: true` (the store's own filter, graph/embedded originsIn).
   */
  private associations: Set<string> | undefined;

  /**
   * `store`: a store whose graph holds every record checked before the next prefetch (it answers
   * `originsIn` from memory), so origins need no query and only the current chunk's are kept.
   */
  constructor(private readonly db: Db, private readonly store?: Pick<GraphStore, 'originsIn'>, private readonly cap = 300_000) {}

  /** Loads origin times of the items `records` use that this run has not seen (from the store, or one query per chunk). */
  async prefetch(records: IngestRecord[]): Promise<void> {
    if (this.store?.originsIn) {
      this.origins.clear();
      this.consumers.clear();
      const missing = this.missing(records);
      const found = this.store.originsIn(missing, ORIGIN_KINDS, { exceptRework: true, exceptAssociation: true });
      const assoc = await this.associationOps();
      for (const k of missing) this.origins.set(k, { list: (found.get(k) ?? []).filter((o) => !assoc.has(o.from)), complete: true });
      return;
    }
    dropOlderHalf(this.origins, this.cap);
    dropOlderHalf(this.consumers, this.cap);
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
      // an output of an operation that also consumed the item is a rework, not its origin; every
      // other origin comes back (not only the earliest): a later record of this run may show the
      // earliest to be a rework, and the next one is then the origin; an association is none
      /* sql */
      return this.db.columns(`SELECT o.dst, o."at", o.src FROM events o
        WHERE o.edge IN ('SUPPLIED', 'PRODUCED') AND o."at" IS NOT NULL AND o.type <> $1 AND o.dst IN (SELECT k FROM ingest_probe_keys)
          AND NOT (o.edge = 'PRODUCED' AND EXISTS (SELECT 1 FROM events c WHERE c.edge = 'CONSUMED_BY' AND c.src = o.dst AND c.dst = o.src))`, [ASSOCIATION]);
    });
    // the fact table holds every earlier chunk of this run too: what it says replaces what was noted
    for (const k of missing) this.origins.set(k, { list: [], complete: true });
    const [dst = [], at = [], by = []] = rows as [string[]?, bigint[]?, string[]?];
    dst.forEach((k, i) => this.origins.get(k)!.list.push({ at: Number(at[i]), from: by[i]! }));
  }

  /** The association Operations (`associations`), read from the fact table on first use. */
  private async associationOps(): Promise<Set<string>> {
    if (this.associations) return this.associations;
    await logState(this.db);
    const [srcs] = await this.db.exclusive(() => this.db.columns(`SELECT DISTINCT src FROM events WHERE type = $1 AND edge = 'PRODUCED'`, [ASSOCIATION]));
    this.associations ??= new Set((srcs ?? []) as string[]);
    return this.associations;
  }

  /** The lots and serials `records` use whose origins have not been looked up (or only this run's are known). */
  private missing(records: IngestRecord[]): Set<string> {
    const out = new Set<string>();
    for (const r of records) for (const e of r.batch.edges ?? []) if (USE.has(e.kind) && ITEM.test(e.from) && this.origins.get(e.from)?.complete !== true) out.add(e.from);
    return out;
  }

  /**
   * The earliest origin of `key` that is not a rework (`alsoConsumer`: an operation consuming it in
   * the record being checked), nor a receipt when `receipts` is false; or undefined.
   */
  private earliest(key: string, alsoConsumer: string | null, receipts: boolean): Origin | undefined {
    const cs = this.consumers.get(key);
    let best: Origin | undefined;
    for (const o of this.origins.get(key)?.list ?? []) {
      if ((best && o.at >= best.at) || o.from === alsoConsumer || cs?.has(o.from) || (!receipts && isReceipt(o))) continue;
      best = o;
    }
    return best;
  }

  /** The reason `r` is out of order (using an item before its origin), or null. */
  check(r: IngestRecord): RecordError | null {
    for (const e of r.batch.edges ?? []) {
      if (!USE.has(e.kind)) continue;
      const t = ms(e.at);
      if (!Number.isFinite(t)) continue;
      // an EPCIS shipment or packing may be the supplier's own, of what was then received (module comment)
      const receipts = !(e.kind !== 'CONSUMED_BY' && EPCIS_EVENT.test(r.type));
      const o = this.earliest(e.from, e.kind === 'CONSUMED_BY' ? e.to : null, receipts);
      if (o === undefined || t >= o.at) continue;
      // the record's own time, written as a date alone (an ERP posting date: midnight), is that whole
      // day: a goods issue dated by day is not before a receipt at 07:00 the same day
      const given = r.atSource && t === r.at ? r.atSource : undefined;
      if (given?.dateOnly && o.at < t + DAY_MS) continue;
      const what = e.kind === 'CONSUMED_BY' ? 'consumed' : e.kind === 'PACKED_INTO' ? 'packed' : 'shipped';
      // the field and the value as written, when the record says where its time was read
      return {
        pos: given ? { ...r.pos, field: given.field } : r.pos,
        reason: `time order: ${e.from} ${what} at ${new Date(t).toISOString()}, before it was received or produced at ${new Date(o.at).toISOString()}`,
        value: given ? given.text : new Date(t).toISOString(),
      };
    }
    return null;
  }

  /** Remembers the origins and the consumptions `r` asserts. */
  note(r: IngestRecord): void {
    const association = r.type === ASSOCIATION;
    if (association) for (const e of r.batch.edges ?? []) if (e.kind === 'PRODUCED') this.associations?.add(e.from);
    for (const e of r.batch.edges ?? []) {
      if (e.kind === 'CONSUMED_BY') {
        let cs = this.consumers.get(e.from);
        if (!cs) this.consumers.set(e.from, (cs = new Set()));
        cs.add(e.to);
        continue;
      }
      if (!ORIGIN.has(e.kind) || association) continue;
      const t = ms(e.at);
      if (!Number.isFinite(t)) continue;
      const known = this.origins.get(e.to);
      if (known) known.list.push({ at: t, from: e.from });
      else this.origins.set(e.to, { list: [{ at: t, from: e.from }], complete: false });
    }
  }
}

/** Past `cap` entries, drops the older half of `m` (a Map iterates in insertion order: the first keys are the oldest). */
function dropOlderHalf(m: Map<string, unknown>, cap: number): void {
  if (m.size <= cap) return;
  let drop = m.size - Math.floor(cap / 2);
  for (const k of m.keys()) {
    if (drop-- <= 0) break;
    m.delete(k);
  }
}
