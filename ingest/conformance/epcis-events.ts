/**
 * A genealogy batch as GS1 EPCIS 2.0 events (plus the master data EPCIS events do not carry, as
 * CSV rows keyed by the GS1 names), for the ingest conformance check:
 * - SUPPLIED: ObjectEvent OBSERVE, bizStep receiving, source owning_party = the supplier's PGLN;
 * - CONSUMED_BY / PRODUCED: TransformationEvent (inputs / outputs) with the operation's transformationID;
 * - USED_IN: AssociationEvent ADD, parentID = the equipment's GIAI, bizTransaction prodorder = that transformationID;
 * - HAS_UNIT: ObjectEvent ADD commissioning of the SGTINs with ilmd lotNumber (EPCIS events always
 *   have a time: an untimed HAS_UNIT is commissioned when its lot was produced, else received);
 * - PACKED_INTO: AggregationEvent ADD, and with `until` an AggregationEvent DELETE of the child then; SHIPPED_IN: ObjectEvent shipping with the despatch advice
 *   (desadv); DELIVERED_TO: a shipping event of that despatch advice with the destination owning_party,
 *   at the delivery time, without objects;
 * - lot and serial props: an ObjectEvent ADD commissioning with the props as ilmd extension fields;
 * - removeEdges: an error declaration (EPCIS 2.0 §7.4.1.2) of the event that asserted those edges
 *   (all of them: an event cannot be declared partly erroneous without a corrective event).
 * Quantities use UN/CEFACT Rec 20 codes (kg -> KGM), as EPCIS documents do. What EPCIS cannot say
 * (untimed flows other than HAS_UNIT, part of an event's edges removed, quantities on serials or
 * containers, props of operations, containers or shipments, AT_SITE) throws NotExpressible;
 * aliases are not carried (ids are the EPCs).
 */
import type { Batch, Json, NodeInput } from '../../graph/model.ts';
import type { CleanEdge } from '../../graph/validate-batch.ts';
import { REC20_UNITS } from '../epcis/uom.ts';
import { BatchIndex, itemOf } from './batch-index.ts';
import { masterRows, MASTER_KINDS, type CsvRow } from './csv-rows.ts';
import type { Gs1Names } from './gs1-names.ts';
import { declarations, type Ledger } from './epcis-corrections.ts';
import { NotExpressible } from './not-expressible.ts';

const F = 'EPCIS';
export type EpcisEvent = Record<string, Json>;

/** lotgraph unit words -> UN/CEFACT Rec 20 codes as EPCIS quantity elements carry them (the first code of each word). */
export const REC20: Record<string, string> = {};
for (const [code, word] of Object.entries(REC20_UNITS)) REC20[word] ??= code;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The master data (as CSV rows with GS1 names) and the events of one batch, events in time order, then error declarations. */
export function epcisOf(batch: Batch, names: Gs1Names, nextId: () => string, ledger: Ledger): { master: CsvRow[]; events: EpcisEvent[] } {
  const ix = new BatchIndex(F, batch, true);
  // Master data: the CSV templates, keyed as the events name things (GTIN-14, GLN, GIAI).
  const masterNodes: NodeInput[] = [];
  for (const n of ix.nodes.values()) {
    if (!MASTER_KINDS.includes(n.kind)) continue;
    masterNodes.push({ ...n, key: names.of(n.key).key });
    ix.say(n.key, ...Object.keys(n.props));
  }
  const mx = new BatchIndex(F, { nodes: masterNodes });
  const master = masterRows(mx);
  mx.checkAllSaid();

  const timed: { at: number; ev: EpcisEvent }[] = [];
  const groups = new Map<string, { at: number; ev: EpcisEvent }>();
  const group = (id: string, at: number, make: () => EpcisEvent): EpcisEvent => {
    let g = groups.get(id);
    if (!g) {
      g = { at, ev: { type: 'ObjectEvent', eventID: nextId(), eventTime: iso(at), eventTimeZoneOffset: '+00:00', ...make() } };
      groups.set(id, g);
      timed.push(g);
    }
    return g.ev;
  };
  const push = (ev: EpcisEvent, field: string, v: Json) => {
    ev[field] = [...((ev[field] as Json[] | undefined) ?? []), v];
  };
  /** Adds an item to an event's EPC list, or (a lot) to its quantity list. */
  const addItem = (ev: EpcisEvent, epcField: string, qtyField: string, key: string, e: CleanEdge) => {
    const it = itemOf(F, key);
    const uri = names.of(key).uri;
    if (it.kind === 'Lot') {
      const q: Record<string, Json> = { epcClass: uri };
      if (e.qty !== null) q.quantity = e.qty;
      if (e.uom !== null) q.uom = REC20[e.uom] ?? e.uom;
      push(ev, qtyField, q);
    } else {
      if (e.qty !== null || e.uom !== null) throw new NotExpressible(F, `a quantity on ${key} (${e.kind}): EPC lists carry none`);
      push(ev, epcField, uri);
    }
  };
  const named = new Set<string>();
  const firstTime = new Map<string, number>();
  for (const e of ix.edges) {
    if (e.at !== null) for (const k of [e.from, e.to]) firstTime.set(k, Math.min(firstTime.get(k) ?? Infinity, e.at));
  }

  for (const e of ix.edges) {
    if (e.kind !== 'OF_MATERIAL') [e.from, e.to].forEach((k) => named.add(k));
    switch (e.kind) {
      case 'SUPPLIED': {
        const at = ix.timeOf(e);
        const ev = group(`recv|${e.from}|${at}`, at, () => ({ action: 'OBSERVE', bizStep: 'receiving', sourceList: [{ type: 'owning_party', source: names.of(e.from).uri }] }));
        addItem(ev, 'epcList', 'quantityList', e.to, e);
        ledger.note(e, ev);
        break;
      }
      case 'CONSUMED_BY':
      case 'PRODUCED': {
        const at = ix.timeOf(e);
        const op = e.kind === 'CONSUMED_BY' ? e.to : e.from;
        const ev = group(`${e.kind}|${op}|${at}`, at, () => ({ type: 'TransformationEvent', transformationID: names.of(op).uri }));
        if (e.kind === 'CONSUMED_BY') addItem(ev, 'inputEPCList', 'inputQuantityList', e.from, e);
        else addItem(ev, 'outputEPCList', 'outputQuantityList', e.to, e);
        ledger.note(e, ev);
        break;
      }
      case 'USED_IN': {
        const at = ix.timeOf(e);
        ledger.note(e, group(`use|${e.from}|${e.to}`, at, () => ({ type: 'AssociationEvent', action: 'ADD', parentID: names.of(e.from).uri, childEPCs: [], bizTransactionList: [{ type: 'prodorder', bizTransaction: names.of(e.to).uri }] })));
        break;
      }
      case 'HAS_UNIT': {
        const produced = ix.edges.filter((x) => x.to === e.from && (x.kind === 'PRODUCED' || x.kind === 'SUPPLIED') && x.at !== null).map((x) => x.at!);
        const at = e.at ?? (produced.length ? Math.min(...produced) : null);
        if (at === null) throw new NotExpressible(F, `an untimed HAS_UNIT of ${e.to} from a lot not produced or received in the batch`);
        const lot = itemOf(F, e.from);
        if (itemOf(F, e.to).material !== lot.material) throw new NotExpressible(F, `a unit ${e.to} of a lot of another material (${e.from})`);
        const ev = group(`unit|${e.from}|${at}`, at, () => ({ action: 'ADD', bizStep: 'commissioning', ilmd: { 'cbvmda:lotNumber': lot.lot! } }));
        push(ev, 'epcList', names.of(e.to).uri);
        ledger.note(e, ev);
        break;
      }
      case 'PACKED_INTO': {
        const at = ix.timeOf(e);
        const ev = group(`pack|${e.to}|${at}`, at, () => ({ type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', parentID: names.of(e.to).uri }));
        addItem(ev, 'childEPCs', 'childQuantityList', e.from, e);
        ledger.note(e, ev);
        if (e.until !== null) {
          // the unpacking: a DELETE of the child at `until` (both events post the edge: a declaration names both)
          const out = group(`unpack|${e.to}|${e.until}`, e.until, () => ({ type: 'AggregationEvent', action: 'DELETE', bizStep: 'unpacking', parentID: names.of(e.to).uri }));
          addItem(out, 'childEPCs', 'childQuantityList', e.from, { ...e, qty: null, uom: null });
          ledger.note(e, out);
        }
        break;
      }
      case 'SHIPPED_IN': {
        const at = ix.timeOf(e);
        const ev = group(`ship|${e.to}|${at}`, at, () => ({ action: 'OBSERVE', bizStep: 'shipping', bizTransactionList: [{ type: 'desadv', bizTransaction: names.of(e.to).uri }] }));
        addItem(ev, 'epcList', 'quantityList', e.from, e);
        ledger.note(e, ev);
        break;
      }
      case 'DELIVERED_TO': {
        const at = ix.timeOf(e);
        ledger.note(e, group(`deliver|${e.from}|${e.to}`, at, () => ({
          action: 'OBSERVE', bizStep: 'shipping', epcList: [],
          bizTransactionList: [{ type: 'desadv', bizTransaction: names.of(e.from).uri }],
          destinationList: [{ type: 'owning_party', destination: names.of(e.to).uri }],
        })));
        break;
      }
      case 'OF_MATERIAL':
        continue; // checked below: an EPC names its GTIN
      case 'AT_SITE':
        throw new NotExpressible(F, `AT_SITE (${e.from} -> ${e.to})`);
    }
    ix.take(e);
  }
  for (const e of ix.edges) {
    if (e.kind !== 'OF_MATERIAL') continue;
    if (!named.has(e.from)) throw new NotExpressible(F, `OF_MATERIAL of ${e.from}, which no event names`);
    if (names.of(e.to).key !== names.of(e.from).key.replace(/^(lot|serial):([^:]*):.*$/, 'material:$2')) throw new NotExpressible(F, `OF_MATERIAL ${e.from} -> ${e.to}, another material than its key's`);
    ix.take(e);
  }
  // Lot and serial props: a commissioning event with them as ilmd (an EPCIS extension namespace).
  for (const n of ix.nodes.values()) {
    if (MASTER_KINDS.includes(n.kind)) continue;
    if (!named.has(n.key)) throw new NotExpressible(F, `${n.kind} ${n.key} without an event that names it`);
    const props = Object.entries(n.props);
    if (props.length === 0) continue;
    if (n.kind !== 'Lot' && n.kind !== 'Serial') continue; // left unsaid: checkAllTaken names them
    if (props.some(([, v]) => v !== null && typeof v === 'object')) throw new NotExpressible(F, `${n.key} props that are not scalars`);
    const at = firstTime.get(n.key);
    if (at === undefined) throw new NotExpressible(F, `${n.key} props without a time to commission it at`);
    const ev = group(`props|${n.key}`, at, () => ({ action: 'ADD', bizStep: 'commissioning', ilmd: Object.fromEntries(props.map(([k, v]) => [`lg:${k}`, v])) }));
    push(ev, n.kind === 'Lot' ? 'quantityList' : 'epcList', n.kind === 'Lot' ? { epcClass: names.of(n.key).uri } : names.of(n.key).uri);
    ix.say(n.key, ...props.map(([k]) => k));
  }
  ix.checkAllTaken();
  const events = timed.map((t, i) => ({ t, i })).sort((a, b) => a.t.at - b.t.at || a.i - b.i).map(({ t }) => t.ev);
  return { master, events: [...events, ...declarations(ix, ledger)] };
}
