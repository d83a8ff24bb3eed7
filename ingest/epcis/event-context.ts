/** What every event mapper receives: the event, its record id (eventID or hash), its time, and a builder. */
import type { Props } from '../../graph/model.ts';
import { lotKey } from '../../graph/keys.ts';
import { BatchBuilder } from './batch-builder.ts';
import { epcList, ilmd, quantityList, type Ev } from './event-fields.ts';
import { objectOf, type Obj } from './objects.ts';

export interface EventCtx {
  ev: Ev;
  id: string;
  at: number;
  b: BatchBuilder;
}

/** The tracked objects of an EPC list plus a quantity list (class-level entries without a lot are skipped). */
export function objectsOf(ev: Ev, epcField: string, qtyField: string): Obj[] {
  const out: Obj[] = [];
  epcList(ev, epcField).forEach((epc, i) => {
    const o = objectOf(epc, `${epcField}[${i}]`);
    if (o) out.push(o);
  });
  quantityList(ev, qtyField).forEach((q, i) => {
    const o = objectOf(q.epcClass, `${qtyField}[${i}].epcClass`);
    if (o) out.push({ ...o, qty: q.quantity, uom: q.uom });
  });
  return out;
}

/**
 * Adds objects that come into existence (commissioning, transformation outputs) with their `ilmd`
 * (lot master data: lotNumber, itemExpirationDate, bestBeforeDate...) as properties. Serials whose
 * lot the ilmd names, or else their own identifier (a Digital Link with `/10/`), get that lot, and a
 * HAS_UNIT edge from it at the event time.
 */
export function addWithIlmd(c: EventCtx, objs: Obj[]): void {
  const lotData: Props = ilmd(c.ev);
  const lotNumber = typeof lotData.lotNumber === 'string' && lotData.lotNumber.trim() !== '' ? lotData.lotNumber : undefined;
  for (const o of objs) {
    const unitOf = o.kind === 'Serial' ? lotNumber ?? o.lot : undefined;
    if (unitOf !== undefined && o.gtin !== undefined) {
      const lot = lotKey(o.gtin, unitOf);
      c.b.object({ kind: 'Lot', key: lot, gtin: o.gtin }, lotData);
      c.b.object(o);
      c.b.edge('HAS_UNIT', lot, o.key, c.at);
    } else if (o.kind === 'Lot' && o.gtin !== undefined && otherLot(lotData.lotNumber, o.gtin, o.key)) {
      // An LGTIN names its lot: an ilmd lotNumber that says otherwise (a number too) is not written onto it.
      const { lotNumber: other, ...rest } = lotData;
      c.b.object(o, rest);
      c.b.warnings.push({ field: 'ilmd.lotNumber', value: String(other), reason: `names lot '${String(other)}', but the EPC class ${o.id ?? o.key} is of another lot: the class's lot is kept, this lotNumber is not written onto it` });
    } else {
      c.b.object(o, o.kind === 'Container' ? undefined : lotData);
    }
  }
}

/** True when an ilmd `lotNumber` (text or a number) names another lot than the Lot keyed `key`. */
function otherLot(lotNumber: unknown, gtin: string, key: string): boolean {
  if (typeof lotNumber === 'number') return lotKey(gtin, String(lotNumber)) !== key;
  return typeof lotNumber === 'string' && lotNumber.trim() !== '' && lotKey(gtin, lotNumber) !== key;
}
