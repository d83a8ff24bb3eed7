/** CSV templates for master data: materials, suppliers, customers, equipment. */
import { customerKey, equipmentKey, materialKey, siteKey, supplierKey } from '../../graph/keys.ts';
import type { Batch } from '../../graph/model.ts';
import { equipmentIdOf } from '../gs1/index.ts';
import { opt, props, ref, str, type Template } from './template.ts';

const idsOf = (...xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

export const materials: Template = {
  name: 'materials',
  doc: 'part numbers: one row per material',
  columns: [
    { name: 'material', type: 'text', required: true, doc: 'part number (the natural key)' },
    { name: 'name', type: 'text', doc: 'description' },
    { name: 'gtin', type: 'text', doc: 'GTIN, when the material carries one (searchable)' },
    { name: 'category', type: 'text', doc: 'raw | component | subassembly | finished | packaging (finished = counted in a recall)' },
    { name: 'uom', type: 'text', doc: 'base unit of measure' },
  ],
  key: ['material'],
  build: (v) => ({
    at: null,
    batch: { nodes: [{ kind: 'Material', key: materialKey(str(v, 'material')), ids: idsOf(str(v, 'material'), opt(v, 'gtin')), props: props({ name: opt(v, 'name'), gtin: opt(v, 'gtin'), category: opt(v, 'category')?.toLowerCase(), uom: opt(v, 'uom') }) }] },
  }),
};

export const suppliers: Template = {
  name: 'suppliers',
  doc: 'suppliers: one row per supplier',
  columns: [
    { name: 'supplier', type: 'text', required: true, doc: 'supplier id' },
    { name: 'name', type: 'text', doc: 'name' },
    { name: 'gln', type: 'text', doc: 'GS1 GLN (searchable)' },
  ],
  key: ['supplier'],
  build: (v) => ({
    at: null,
    batch: { nodes: [{ kind: 'Supplier', key: supplierKey(str(v, 'supplier')), ids: idsOf(str(v, 'supplier'), opt(v, 'gln')), props: props({ name: opt(v, 'name'), gln: opt(v, 'gln') }) }] },
  }),
};

export const customers: Template = {
  name: 'customers',
  doc: 'customers: one row per customer (ship-to party)',
  columns: [
    { name: 'customer', type: 'text', required: true, doc: 'customer id' },
    { name: 'name', type: 'text', doc: 'name' },
    { name: 'gln', type: 'text', doc: 'GS1 GLN (searchable)' },
    { name: 'country', type: 'text', doc: 'country code' },
  ],
  key: ['customer'],
  build: (v) => ({
    at: null,
    batch: { nodes: [{ kind: 'Customer', key: customerKey(str(v, 'customer')), ids: idsOf(str(v, 'customer'), opt(v, 'gln')), props: props({ name: opt(v, 'name'), gln: opt(v, 'gln'), country: opt(v, 'country') }) }] },
  }),
};

export const equipment: Template = {
  name: 'equipment',
  doc: 'machines, tools, lines: one row per equipment',
  columns: [
    { name: 'equipment', type: 'text', required: true, doc: 'equipment id (a GIAI or GRAI in any GS1 form is keyed by its element string `(8004)…`, as EPCIS associations are)' },
    { name: 'name', type: 'text', doc: 'name' },
    { name: 'equipment_type', type: 'text', doc: 'press, oven, line... (not `type`: NDJSON events use that name)' },
    { name: 'site', type: 'text', doc: 'site id (an AT_SITE reference edge)' },
  ],
  key: ['equipment'],
  build: (v) => {
    const key = equipmentKey(equipmentIdOf(str(v, 'equipment')));
    const site = opt(v, 'site');
    const batch: Batch = { nodes: [{ kind: 'Equipment', key, ids: [str(v, 'equipment')], props: props({ name: opt(v, 'name'), type: opt(v, 'equipment_type') }) }] };
    if (site) {
      batch.edges = [{ kind: 'AT_SITE', from: key, to: siteKey(site) }];
      batch.nodes!.push(ref('Site', siteKey(site), site));
    }
    return { at: null, batch };
  },
};
