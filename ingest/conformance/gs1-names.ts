/**
 * GS1 names for a scenario's things, so its data can be written as EPCIS: each material gets a
 * GTIN-14, each container an SSCC, each supplier and customer a party GLN, each equipment a GIAI,
 * each operation and shipment a URI. `key` gives the lotgraph key the GS1 name resolves to
 * (graph/keys.ts with GS1 semantics: a lot is GTIN + lot number), computed here independently of
 * the EPCIS adapter; `back` maps such keys (and GTINs) back to the scenario's own. Names are handed
 * out on first sight and kept, so one store's batches agree.
 */
import { containerKey, customerKey, equipmentKey, lotKey, materialKey, operationKey, parseKey, serialKey, shipmentKey, supplierKey } from '../../graph/keys.ts';
import { equipmentIdOf, withCheckDigit } from '../gs1/index.ts';

const CP = '4012345';
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
/** Lot and serial numbers in an EPC URN: GS1 AI 82 characters, `%`-escaped where the URN syntax needs it. */
const epcPart = (s: string): string => s.replace(/[^A-Za-z0-9\-._]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** The GS1 name of one scenario thing: its EPC or URI, and the key the EPCIS adapter should give it. */
export interface Gs1Name {
  /** EPC URN (instance), EPC class URN (lot), party PGLN, GIAI, or URI (operation, shipment). */
  uri: string;
  key: string;
}

export class Gs1Names {
  private readonly gtins = new Map<string, string>();
  private readonly names = new Map<string, Gs1Name>();
  /** key (GS1 side) or GTIN -> the scenario's key or material id. */
  readonly back = new Map<string, string>();
  private counters = { gtin: 0, sscc: 0, gln: 0, giai: 0, op: 0, shipment: 0 };

  /** The GTIN-14 of a scenario material (part number). */
  gtin(material: string): string {
    let g = this.gtins.get(material);
    if (!g) {
      g = withCheckDigit(`0${CP}${pad(++this.counters.gtin, 5)}`);
      this.gtins.set(material, g);
      this.back.set(g, material);
      this.back.set(materialKey(g), materialKey(material));
    }
    return g;
  }

  /** The GS1 name of a scenario key (any kind but Site). */
  of(key: string): Gs1Name {
    const had = this.names.get(key);
    if (had) return had;
    const { kind, parts } = parseKey(key);
    const [a = '', b = ''] = parts;
    let n: Gs1Name;
    switch (kind) {
      case 'Material': {
        const g = this.gtin(a);
        n = { uri: `urn:epc:idpat:sgtin:${CP}.${g.slice(0, 1)}${g.slice(8, 13)}.*`, key: materialKey(g) };
        break;
      }
      case 'Lot': {
        const g = this.gtin(a);
        n = { uri: `urn:epc:class:lgtin:${CP}.${g.slice(0, 1)}${g.slice(8, 13)}.${epcPart(b)}`, key: lotKey(g, b) };
        break;
      }
      case 'Serial': {
        const g = this.gtin(a);
        n = { uri: `urn:epc:id:sgtin:${CP}.${g.slice(0, 1)}${g.slice(8, 13)}.${epcPart(b)}`, key: serialKey(g, b) };
        break;
      }
      case 'Container': {
        const ref = pad(++this.counters.sscc, 9);
        n = { uri: `urn:epc:id:sscc:${CP}.0${ref}`, key: containerKey(withCheckDigit(`0${CP}${ref}`)) };
        break;
      }
      case 'Supplier':
      case 'Customer': {
        const ref = pad(++this.counters.gln, 5);
        const gln = withCheckDigit(`${CP}${ref}`);
        n = { uri: `urn:epc:id:pgln:${CP}.${ref}`, key: kind === 'Supplier' ? supplierKey(gln) : customerKey(gln) };
        break;
      }
      case 'Equipment': {
        const uri = `urn:epc:id:giai:${CP}.EQ${++this.counters.giai}`;
        n = { uri, key: equipmentKey(equipmentIdOf(uri)) };
        break;
      }
      case 'Operation': {
        const uri = `urn:uuid:00000000-0000-4000-8000-${pad(++this.counters.op, 12)}`;
        n = { uri, key: operationKey(uri) };
        break;
      }
      case 'Shipment': {
        const uri = `urn:epcglobal:cbv:bt:${withCheckDigit(`${CP}00000`)}:DA${++this.counters.shipment}`;
        n = { uri, key: shipmentKey(uri) };
        break;
      }
      default:
        throw new Error(`no GS1 name for a ${kind} (${key})`);
    }
    this.names.set(key, n);
    this.back.set(n.key, key);
    return n;
  }

  /** The GS1-side key of a scenario key; a string that is no key written so far is returned as it is. */
  forward(s: string): string {
    return this.names.get(s)?.key ?? s;
  }
}
