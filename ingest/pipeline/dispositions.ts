/**
 * The newest disposition wins, by event time. An EPCIS ObjectEvent's disposition (active,
 * in_transit, recalled, destroyed...) is the state of its objects *after* that event, so a node's
 * disposition is the one of its latest event, not of the last one to arrive: a WMS that sends
 * yesterday's `in_transit` after today's `recalled` must not un-recall the serial. The mapper writes
 * `disposition` with `dispositionAt` (the event time, ISO 8601 UTC); here, before a chunk is logged,
 * a node's pair is dropped from a record's batch when the store, or an earlier record of the chunk,
 * holds a later `dispositionAt`. The logged batch says what was applied, so a rebuild replays the
 * same; the raw event keeps what it said. A tie goes to the record that arrives later. A stored
 * disposition without `dispositionAt` (ingested before it existed, or written by an NDJSON graph
 * batch without one) is older than any with one.
 *
 * Not undone by an error declaration: retracting the event that set the newest disposition leaves
 * it (ingest/README.md, "Corrections").
 */
import type { Props } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { isLgError } from '../../lib/errors.ts';
import type { IngestRecord } from '../record.ts';

const timeOf = (p: Props | undefined): number | null => {
  const v = p?.dispositionAt;
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
};

/** The dispositions of one chunk: what the store holds (read once, `prefetch`), and what the chunk's records set. */
export class Dispositions {
  private held = new Map<string, number | null>();

  /**
   * `wholeRun`: the store is written only once the run ends (--strict), so what earlier chunks set
   * is held for the whole run (one entry per node with a disposition), not read again from the store.
   */
  constructor(private readonly store: Pick<GraphStore, 'lookup' | 'propsOf'>, private readonly wholeRun = false) {}

  /** Reads the `dispositionAt` the store holds for every node of `records` that sets one. */
  async prefetch(records: readonly IngestRecord[]): Promise<void> {
    if (!this.wholeRun) this.held = new Map();
    const keys = new Set<string>();
    for (const r of records) for (const n of r.batch.nodes ?? []) if (timeOf(n.props) !== null && !this.held.has(n.key)) keys.add(n.key);
    if (keys.size === 0) return;
    const list = [...keys];
    const found = this.store.propsOf ? await this.store.propsOf(list) : await lookupEach(this.store, list);
    for (const key of list) this.held.set(key, timeOf(found.get(key)));
  }

  /**
   * Drops from `r`'s batch the dispositions older than the one held, and holds `r`'s others (call
   * it for each record accepted, in order, after `prefetch` of its chunk).
   */
  keepNewest(r: IngestRecord): void {
    const nodes = r.batch.nodes;
    if (!nodes) return;
    let out: typeof nodes | undefined;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const t = timeOf(n.props);
      if (t === null) continue;
      const held = this.held.get(n.key) ?? null;
      if (held !== null && held > t) {
        const { disposition: _d, dispositionAt: _a, ...rest } = n.props!;
        out ??= nodes.slice();
        out[i] = { ...n, props: rest };
      } else {
        this.held.set(n.key, t);
      }
    }
    if (out) r.batch = { ...r.batch, nodes: out };
  }
}

async function lookupEach(store: Pick<GraphStore, 'lookup'>, keys: string[]): Promise<Map<string, Props>> {
  const out = new Map<string, Props>();
  for (const key of keys) {
    const v = await store.lookup(key).catch((e: unknown) => {
      if (isLgError(e) && e.code === 'LG_NOT_FOUND') return undefined;
      throw e;
    });
    if (v && v.key === key) out.set(key, v.props);
  }
  return out;
}
