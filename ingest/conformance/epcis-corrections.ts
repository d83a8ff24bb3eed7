/**
 * Removals as EPCIS corrections (EPCIS 2.0 §7.4.1.2): the ledger remembers which event asserted
 * which edges; removing them is an error declaration, a copy of that event with errorDeclaration.
 */
import type { BatchIndex } from './batch-index.ts';
import type { EpcisEvent } from './epcis-events.ts';
import { NotExpressible } from './not-expressible.ts';

const F = 'EPCIS';

/** Which event asserted which edges, across one store's batches (what an error declaration retracts). */
export class Ledger {
  readonly byEdge = new Map<string, EpcisEvent>();
  readonly edgesOf = new Map<EpcisEvent, Set<string>>();

  note(e: { kind: string; from: string; to: string }, ev: EpcisEvent): void {
    const id = `${e.kind}|${e.from}|${e.to}`;
    this.byEdge.set(id, ev);
    this.edgesOf.set(ev, (this.edgesOf.get(ev) ?? new Set()).add(id));
  }
}

/** Error declarations for the removed edges: a copy of each event that asserted them. */
export function declarations(ix: BatchIndex, ledger: Ledger): EpcisEvent[] {
  const events = new Map<EpcisEvent, Set<string>>();
  for (const r of ix.removeEdges) {
    const id = `${r.kind}|${r.from}|${r.to}`;
    const ev = ledger.byEdge.get(id);
    if (!ev) throw new NotExpressible(F, `the removal of ${id}, which no event asserted`);
    events.set(ev, (events.get(ev) ?? new Set()).add(id));
  }
  return [...events].map(([ev, removed]) => {
    const all = ledger.edgesOf.get(ev)!;
    if ([...all].some((id) => !removed.has(id))) throw new NotExpressible(F, `the removal of part of what one event asserted (${[...removed].join(', ')})`);
    for (const id of all) ledger.byEdge.delete(id);
    ledger.edgesOf.delete(ev);
    return { ...ev, errorDeclaration: { declarationTime: ev.eventTime!, reason: 'incorrect_data' } };
  });
}
