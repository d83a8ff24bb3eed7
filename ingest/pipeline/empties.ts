/**
 * An unpacking that names no children ("everything": an EPCIS AggregationEvent DELETE without
 * childEPCs, `IngestRecord.empties`). What the container held at that time is the graph's to say: the
 * children with a PACKED_INTO into it that is open then (packed at or before the event, not unpacked
 * before it), from the store and from the records of the chunk logged before this one. Each becomes
 * an unpacking posting in the record's batch, so the log keeps what was found and a rebuild replays
 * the same (posting-totals.ts folds it into the containment's interval).
 *
 * Found in log order, not in time order: a child whose packing arrives only after the emptying (a
 * later file) is not unpacked by it; its containment stays open, which a trace treats as the safe side.
 */
import { LIMITS, type GraphStore } from '../../graph/store.ts';
import type { EdgeInput } from '../../graph/model.ts';
import { isLgError } from '../../lib/errors.ts';
import type { IngestRecord, RecordError } from '../record.ts';

/**
 * Adds to `r`'s batch the unpacking of every child its `empties` held at `r.at`. `earlier`: records
 * of the chunk before it (not in the store yet). A warning when a container has more children than a
 * neighbourhood returns (LIMITS.maxNeighbourhoodCap): those past it stay packed.
 */
export async function resolveEmpties(store: GraphStore, r: IngestRecord, earlier: readonly IngestRecord[]): Promise<void> {
  const t = r.at;
  if (!r.empties?.length || t === null) return;
  const found: EdgeInput[] = [];
  for (const container of r.empties) {
    const children = new Set<string>();
    const open = (at: number | null | undefined, until: number | null | undefined) => (at == null || at <= t) && (until == null || until >= t);
    // a container the store does not know yet holds only what this chunk packed into it
    const n = await store.neighbourhood(container, { hops: 1, direction: 'backward', limit: LIMITS.maxNeighbourhoodCap }).catch((e: unknown) => {
      if (isLgError(e) && e.code === 'LG_NOT_FOUND') return undefined;
      throw e;
    });
    for (const e of n?.edges ?? []) if (e.kind === 'PACKED_INTO' && e.to === container && open(e.at, e.until)) children.add(e.from);
    if (n?.truncated) (r.warnings ??= []).push(warning(r, container));
    for (const x of earlier) {
      for (const e of x.batch.edges ?? []) {
        if (e.kind !== 'PACKED_INTO' || e.to !== container) continue;
        const at = typeof e.at === 'number' ? e.at : null;
        const until = typeof e.until === 'number' ? e.until : null;
        if (open(at, until)) children.add(e.from);
        else if (until !== null && until < t && at === null) children.delete(e.from); // unpacked before, in this chunk
      }
    }
    for (const child of children) found.push({ kind: 'PACKED_INTO', from: child, to: container, until: t });
  }
  if (found.length > 0) r.batch = { ...r.batch, edges: [...(r.batch.edges ?? []), ...found] };
}

const warning = (r: IngestRecord, container: string): RecordError => ({
  pos: r.pos,
  reason: `${container} holds more than ${LIMITS.maxNeighbourhoodCap} children: an unpacking without childEPCs unpacked those found, list the children to unpack the rest`,
});
