// The same machine named by its GIAI as EPC URN, Digital Link or element string gives one Equipment
// key in the CSV equipment and operations templates and in an EPCIS AssociationEvent (parentID);
// a plain id stays as given.
import { describe, it, expect } from 'vitest';
import { equipmentKey } from '../../graph/keys.ts';
import { equipment } from './templates-master.ts';
import { operations } from './templates-flow.ts';
import type { Template, Values } from './template.ts';
import { recordOfEvent } from '../epcis/test-helpers.ts';

const GIAI_FORMS = ['urn:epc:id:giai:0614141.12345ABC', 'https://x.example/8004/061414112345ABC', '(8004)061414112345ABC', ']d28004061414112345ABC'];
const KEY = 'equipment:(8004)061414112345ABC';
const AT = Date.parse('2026-03-03T10:00:00Z');

function epcisParent(parentID: string): string {
  const r = recordOfEvent({ type: 'AssociationEvent', action: 'ADD', parentID, childEPCs: ['urn:epc:id:sgtin:4012345.011111.1001'] });
  return r.batch.edges!.find((e) => e.kind === 'USED_IN')!.from;
}
/** A row of `t`: every column not given is empty. */
const row = (t: Template, v: Values): Values => ({ ...Object.fromEntries(t.columns.map((c) => [c.name, null])), ...v });
const csvEquipment = (id: string) => equipment.build(row(equipment, { equipment: id })).batch.nodes![0]!;
const csvUsedIn = (id: string) => operations.build(row(operations, { operation: 'OP1', started_at: AT, equipment: [id] })).batch.edges!.find((e) => e.kind === 'USED_IN')!.from;

describe('CSV and EPCIS key equipment the same way', () => {
  it(`a GIAI in every form is ${KEY}, and the CSV node keeps the form it was given`, () => {
    for (const f of GIAI_FORMS) {
      expect(csvEquipment(f).key, `equipment.csv ${f}`).toBe(KEY);
      expect(csvEquipment(f).ids, `equipment.csv ${f}`).toEqual([f]);
      expect(csvUsedIn(f), `operations.csv ${f}`).toBe(KEY);
      expect(epcisParent(f), `EPCIS parentID ${f}`).toBe(KEY);
    }
  });
  it('a plain equipment id is kept as given', () => {
    for (const f of ['PRESS-001', 'Linie 8004', 'urn:example:mould:7']) {
      expect(csvEquipment(f).key).toBe(equipmentKey(f));
      expect(csvUsedIn(f)).toBe(equipmentKey(f));
      expect(epcisParent(f)).toBe(equipmentKey(f));
    }
  });
});
