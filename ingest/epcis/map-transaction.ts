/**
 * TransactionEvent -> graph: each object (epcList, quantityList, and the parentID when it is an
 * object) gets a property per business transaction type, `bizTransaction.<type>` = the
 * transaction id (po, desadv, inv...). DELETE dissociates: the properties are set to null.
 */
import type { Props } from '../../graph/model.ts';
import { str, typedList } from './event-fields.ts';
import { objectsOf, type EventCtx } from './event-context.ts';
import { objectOf } from './objects.ts';

export function mapTransactionEvent(c: EventCtx): void {
  const { ev, b } = c;
  const del = str(ev, 'action') === 'DELETE';
  const props: Props = {};
  for (const t of typedList(ev, 'bizTransactionList', 'bizTransaction')) props[`bizTransaction.${t.type || 'other'}`] = del ? null : t.value;
  const objs = objectsOf(ev, 'epcList', 'quantityList');
  const parentId = str(ev, 'parentID');
  const parent = parentId === undefined ? null : objectOf(parentId, 'parentID');
  if (parent) objs.unshift(parent);
  for (const o of objs) b.object(o, props);
}
