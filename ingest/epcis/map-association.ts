/**
 * AssociationEvent -> graph. The parentID (a GIAI, GRAI or any URN: a machine, a mould, a sensor)
 * is Equipment keyed by the id as given, a GIAI/GRAI by its element string (ingest/gs1/container-key.ts
 * equipmentIdOf: the rule the CSV templates share). With ADD or OBSERVE:
 * - when the event names a production order (bizTransaction type `prodorder`), the equipment is
 *   USED_IN the Operation keyed by that order: give the order's TransformationEvents the same
 *   transformationID and the equipment joins the operation that really consumed and produced;
 * - otherwise the association is its own Operation (keyed by the record id): equipment USED_IN it,
 *   and it PRODUCED the children, so a recall on the equipment reaches the lots and serials. That
 *   Operation has the prop `association: true`: it made nothing, so the ingest's time-order check
 *   never takes its PRODUCED edges as the children's origin (ingest/pipeline/time-order.ts,
 *   GraphStore.originsIn `exceptAssociation`).
 * DELETE ends an association; usage that happened is not undone, so it asserts no edges.
 */
import { equipmentKey, operationKey } from '../../graph/keys.ts';
import { equipmentIdOf } from '../gs1/index.ts';
import { badField } from './event-error.ts';
import { str, typedList } from './event-fields.ts';
import { objectsOf, type EventCtx } from './event-context.ts';

export function mapAssociationEvent(c: EventCtx): void {
  const { ev, b, at } = c;
  const parentId = str(ev, 'parentID') ?? badField('parentID', 'is required');
  const equipment = equipmentKey(equipmentIdOf(parentId));
  b.node('Equipment', equipment, [parentId]);
  const children = objectsOf(ev, 'childEPCs', 'childQuantityList');
  for (const ch of children) b.object(ch);
  if (str(ev, 'action') === 'DELETE') return;
  const order = typedList(ev, 'bizTransactionList', 'bizTransaction').find((t) => t.type === 'prodorder');
  const op = operationKey(order?.value ?? c.id);
  b.node('Operation', op, [order?.value ?? c.id], order === undefined ? { association: true } : undefined);
  b.edge('USED_IN', equipment, op, at);
  if (order === undefined) for (const ch of children) b.edge('PRODUCED', op, ch.key, at, ch.qty, ch.uom);
}
