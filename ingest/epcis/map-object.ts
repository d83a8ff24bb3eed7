/**
 * ObjectEvent -> graph:
 * - ADD (commissioning or any ADD with ilmd): lots/serials with ilmd props, HAS_UNIT lot -> serial;
 * - receiving / accepting with a source owning_party (else possessing_party): Supplier SUPPLIED each lot/serial;
 * - shipping / departing: a Shipment keyed by the despatch advice (bizTransaction type desadv), else
 *   by the record id; SHIPPED_IN from each object; DELIVERED_TO the destination owning_party (else possessing_party);
 * - a disposition (recalled, damaged, in_transit...) becomes props.disposition of every object, with
 *   props.dispositionAt the event time: the ingest keeps the newest by that time, whatever the order
 *   events arrive in (ingest/pipeline/dispositions.ts);
 * - a persistentDisposition (EPCIS 2.0: `set` and `unset` lists of dispositions, such as
 *   non_conformant or completeness_verified, that hold until a later event unsets them) becomes the
 *   change props `persistentDispositionSet`/`Unset`/`At`, which the ingest folds into the held
 *   `persistentDispositions` by event time (ingest/pipeline/persistent-dispositions.ts).
 */
import { customerKey, shipmentKey, supplierKey } from '../../graph/keys.ts';
import { cbv, str, typedList, type Ev } from './event-fields.ts';
import { badField } from './event-error.ts';
import { cbvWord } from './cbv.ts';
import { addWithIlmd, objectsOf, type EventCtx } from './event-context.ts';
import { partyId } from './parties.ts';

export function mapObjectEvent(c: EventCtx): void {
  const { ev, b, at } = c;
  const action = str(ev, 'action');
  const bizStep = cbv(ev, 'bizStep');
  const disposition = cbv(ev, 'disposition');
  const objs = objectsOf(ev, 'epcList', 'quantityList');
  if (action === 'ADD' && (bizStep === 'commissioning' || ev.ilmd !== undefined)) addWithIlmd(c, objs);
  const iso = new Date(at).toISOString();
  const persistent = persistentChange(ev, iso);
  const since = disposition === undefined && persistent === undefined ? undefined : { ...(disposition === undefined ? {} : { disposition, dispositionAt: iso }), ...persistent };
  for (const o of objs) b.object(o, since);
  if (bizStep === 'receiving' || bizStep === 'accepting') {
    const supplier = partyId(typedList(ev, 'sourceList', 'source'));
    if (supplier !== undefined) {
      const key = supplierKey(supplier.id);
      b.node('Supplier', key, [supplier.original]);
      for (const o of objs) if (o.kind !== 'Container') b.edge('SUPPLIED', key, o.key, at, o.qty, o.uom);
    }
  }
  if (bizStep === 'shipping' || bizStep === 'departing') {
    const desadv = typedList(ev, 'bizTransactionList', 'bizTransaction').find((t) => t.type === 'desadv');
    const shipment = shipmentKey(desadv?.value ?? c.id);
    b.node('Shipment', shipment, desadv ? [desadv.value] : undefined);
    for (const o of objs) b.edge('SHIPPED_IN', o.key, shipment, at, o.qty, o.uom);
    const customer = partyId(typedList(ev, 'destinationList', 'destination'));
    if (customer !== undefined) {
      const key = customerKey(customer.id);
      b.node('Customer', key, [customer.original]);
      b.edge('DELIVERED_TO', shipment, key, at);
    }
  }
}

/** The change props of an ObjectEvent's persistentDisposition (undefined without one). */
function persistentChange(ev: Ev, iso: string): Record<string, string[] | string> | undefined {
  const pd = ev.persistentDisposition;
  if (pd === undefined || pd === null) return undefined;
  if (typeof pd !== 'object' || Array.isArray(pd)) badField('persistentDisposition', 'must be an object with set and/or unset lists', pd);
  const list = (k: 'set' | 'unset'): string[] => {
    const v = (pd as Ev)[k];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return badField(`persistentDisposition.${k}`, 'must be a list of dispositions', v);
    return [...new Set((v as unknown[]).map((x, i) => (typeof x === 'string' && x.trim() !== '' ? cbvWord(x.trim()) : badField(`persistentDisposition.${k}[${i}]`, 'must be a disposition', x))))].sort();
  };
  const set = list('set');
  const unset = list('unset');
  if (set.length === 0 && unset.length === 0) return undefined;
  return { persistentDispositionSet: set, persistentDispositionUnset: unset, persistentDispositionAt: iso };
}
