/**
 * AggregationEvent -> graph. ADD and OBSERVE: each child (childEPCs, childQuantityList) PACKED_INTO
 * the parent container at the event time, with quantity where given. DELETE (unpacking): removes
 * those PACKED_INTO edges. A DELETE that lists no children means "everything" in EPCIS; the
 * parser cannot know the contents, so it asserts nothing (the record and its raw event are kept).
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
  for (const ch of children) {
    b.object(ch);
    if (action === 'DELETE') b.remove('PACKED_INTO', ch.key, parent.key);
    else b.edge('PACKED_INTO', ch.key, parent.key, at, ch.qty, ch.uom);
  }
}
