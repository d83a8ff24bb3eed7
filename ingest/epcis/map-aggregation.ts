/**
 * AggregationEvent -> graph. ADD and OBSERVE: each child (childEPCs, childQuantityList) PACKED_INTO
 * the parent container at the event time, with quantity where given. DELETE (unpacking) with
 * children: each child's containment ends at the event time (a PACKED_INTO posting with `until`
 * and no packing time; the pipeline folds it into the edge's interval, in any arrival order:
 * ingest/pipeline/posting-totals.ts). The edge stays: genealogy is history, and a recall must still
 * reach the shipment and customer of a case packed, shipped on a pallet, and unpacked at the
 * customer's dock. A trace through the container then follows only what was in it at the time
 * (graph/store.ts, "Containment in time"), so a reused container (a returnable tote keyed by its
 * GRAI) no longer joins everything ever packed into it. A DELETE that lists no children means
 * "everything" in EPCIS: which children the container held then is the store's to say, so the
 * record names the container emptied (`IngestRecord.empties`) and the pipeline posts the unpacking
 * of each child it finds packed there at the time (ingest/pipeline/empties.ts), logged with the
 * record so a rebuild replays the same.
 */
import { badField } from './event-error.ts';
import { str } from './event-fields.ts';
import { objectsOf, type EventCtx } from './event-context.ts';
import { containerOf } from './objects.ts';

export function mapAggregationEvent(c: EventCtx): void {
  const { ev, b, at } = c;
  const action = str(ev, 'action');
  const parentId = str(ev, 'parentID');
  const children = objectsOf(ev, 'childEPCs', 'childQuantityList');
  if (parentId === undefined) {
    if (action === 'OBSERVE') return;
    badField('parentID', `is required for action ${action}`);
  }
  const parent = containerOf(parentId, 'parentID');
  b.object(parent);
  if (action === 'DELETE' && children.length === 0) b.empty(parent.key);
  if (parent.caseSerial) {
    // a serialised case: its Container (what is packed into it) is PACKED_INTO its Serial (what ships)
    b.object(parent.caseSerial);
    if (action !== 'DELETE') b.edge('PACKED_INTO', parent.key, parent.caseSerial.key, at);
  }
  for (const ch of children) {
    b.object(ch);
    if (action !== 'DELETE') b.edge('PACKED_INTO', ch.key, parent.key, at, ch.qty, ch.uom);
    else b.unpack(ch.key, parent.key, at);
  }
}
