/**
 * AggregationEvent -> graph. ADD and OBSERVE: each child (childEPCs, childQuantityList) PACKED_INTO
 * the parent container at the event time, with quantity where given.
 *
 * DELETE (unpacking) keeps the PACKED_INTO edges: genealogy is history, and a recall must still
 * reach the shipment and customer of a case packed, shipped on a pallet, and unpacked at the
 * customer's dock. Removing the edge (as this did before 2026-12-03) made such a recall miss them.
 * The unpacking stays as evidence (the log and the events table hold it). What the model cannot say
 * yet is the interval (PACKED_INTO has one time, not `until`): a container that is reused (a
 * returnable tote keyed by its GRAI) joins everything ever packed into it, so a recall through it
 * over-includes. An SSCC may be reallocated no sooner than 12 months after its shipment (GS1 rule;
 * some countries require years): within that horizon pallets and cases are exact. Over-inclusion is
 * the safe side for a recall; a missed customer is not (docs/containment-interval.md: the design of
 * the interval). A DELETE that lists no children means
 * "everything" in EPCIS and asserts nothing either.
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
  if (parent.caseSerial) {
    // a serialised case: its Container (what is packed into it) is PACKED_INTO its Serial (what ships)
    b.object(parent.caseSerial);
    if (action !== 'DELETE') b.edge('PACKED_INTO', parent.key, parent.caseSerial.key, at);
  }
  for (const ch of children) {
    b.object(ch);
    if (action !== 'DELETE') b.edge('PACKED_INTO', ch.key, parent.key, at, ch.qty, ch.uom);
  }
}
