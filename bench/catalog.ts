/**
 * The master data of a generated medical-device plant: materials with their recipes, suppliers,
 * customers and equipment. Small (hundreds of rows at L), built once per plant from the seed.
 */
import type { MaterialCategory } from '../graph/model.ts';
import { Rng } from './prng.ts';

export type Scale = 'XS' | 'S' | 'M' | 'L';
export const SCALES: readonly Scale[] = ['XS', 'S', 'M', 'L'];

/** The process that makes a material (raw materials are received, not made). */
export type Process = 'receipt' | 'molding' | 'smt' | 'subassembly' | 'final-assembly';

export interface MaterialDef {
  id: string;
  name: string;
  category: MaterialCategory;
  process: Process;
  uom: string;
  /** Material ids consumed by one operation making this material (3–6 of them). */
  inputs: string[];
  /** Raw materials only: suppliers that deliver it. */
  suppliers: string[];
  /** Common raw materials (solder, resin): one lot feeds every consumer for a time window. */
  common: boolean;
}

export interface Catalog {
  materials: Map<string, MaterialDef>;
  finished: MaterialDef[];
  suppliers: string[];
  customers: string[];
  equipment: Record<Exclude<Process, 'receipt'> | 'rework', string[]>;
}

interface Size {
  finishedLots: number;
  raw: number;
  molded: number;
  pcba: number;
  sub: number;
  products: number;
  suppliers: number;
  customers: number;
  machinesPer: number;
}

/** Per-scale sizes; ~31 nodes and ~67 edges per finished lot (20 serials on average). */
export const SIZES: Record<Scale, Size> = {
  XS: { finishedLots: 45, raw: 14, molded: 3, pcba: 2, sub: 3, products: 2, suppliers: 6, customers: 8, machinesPer: 2 },
  S: { finishedLots: 3_300, raw: 40, molded: 12, pcba: 8, sub: 10, products: 6, suppliers: 15, customers: 120, machinesPer: 6 },
  M: { finishedLots: 33_000, raw: 90, molded: 30, pcba: 20, sub: 25, products: 12, suppliers: 30, customers: 800, machinesPer: 20 },
  L: { finishedLots: 330_000, raw: 160, molded: 60, pcba: 40, sub: 50, products: 20, suppliers: 60, customers: 4_000, machinesPer: 60 },
};

const RAW_KINDS = ['PCB', 'IC', 'RESISTOR', 'CAPACITOR', 'COLORANT', 'INSERT', 'SCREW', 'GASKET', 'BATTERY', 'TUBING', 'LABEL', 'CARTON', 'LCD', 'SPRING'];
const PRODUCTS = ['Infusion Pump', 'Glucose Meter', 'Pulse Oximeter', 'Blood Pressure Monitor', 'Nebulizer', 'ECG Patch', 'Insulin Pen', 'Thermometer', 'Syringe Driver', 'Spirometer'];

/** The common raw materials: solder paste (every SMT operation) and two resins (every molding). */
export const SOLDER = 'SOLDER-SAC305';
export const RESIN_PC = 'RESIN-PC';
export const RESIN_ABS = 'RESIN-ABS';

const pad = (n: number, w = 4): string => String(n).padStart(w, '0');

/** Builds the catalog of a scale from the seed (recipes drawn once, so the plant is consistent). */
export function buildCatalog(scale: Scale, rng: Rng): Catalog {
  const size = SIZES[scale];
  const materials = new Map<string, MaterialDef>();
  const add = (m: Omit<MaterialDef, 'suppliers' | 'common'> & Partial<MaterialDef>): MaterialDef => {
    const def: MaterialDef = { suppliers: [], common: false, ...m };
    materials.set(def.id, def);
    return def;
  };
  const suppliers = Array.from({ length: size.suppliers }, (_, i) => `SUP-${pad(i + 1, 3)}`);
  const customers = Array.from({ length: size.customers }, (_, i) => `CUST-${pad(i + 1, 5)}`);
  const supplied = (): string[] => rng.sample(suppliers, rng.int(1, 2));

  add({ id: SOLDER, name: 'Solder paste SAC305', category: 'raw', process: 'receipt', uom: 'kg', inputs: [], suppliers: supplied(), common: true });
  add({ id: RESIN_PC, name: 'Polycarbonate resin', category: 'raw', process: 'receipt', uom: 'kg', inputs: [], suppliers: supplied(), common: true });
  add({ id: RESIN_ABS, name: 'ABS resin', category: 'raw', process: 'receipt', uom: 'kg', inputs: [], suppliers: supplied(), common: true });
  const raw: string[] = [];
  for (let i = 0; i < size.raw; i++) {
    const kind = RAW_KINDS[i % RAW_KINDS.length]!;
    const id = `RM-${kind}-${pad(i + 1, 3)}`;
    raw.push(add({ id, name: `${kind.toLowerCase()} ${i + 1}`, category: 'raw', process: 'receipt', uom: kind === 'COLORANT' ? 'kg' : 'EA', inputs: [], suppliers: supplied() }).id);
  }
  const molded: string[] = [];
  for (let i = 0; i < size.molded; i++) {
    const resin = i % 3 === 2 ? RESIN_ABS : RESIN_PC;
    const inputs = [resin, ...rng.sample(raw, rng.int(2, 5))];
    molded.push(add({ id: `MLD-${pad(2000 + i)}`, name: `molded housing part ${i + 1}`, category: 'component', process: 'molding', uom: 'EA', inputs }).id);
  }
  const pcba: string[] = [];
  for (let i = 0; i < size.pcba; i++) {
    const inputs = [SOLDER, ...rng.sample(raw, rng.int(2, 5))];
    pcba.push(add({ id: `PCBA-${pad(3000 + i)}`, name: `circuit board assembly ${i + 1}`, category: 'component', process: 'smt', uom: 'EA', inputs }).id);
  }
  const components = [...molded, ...pcba];
  const subs: string[] = [];
  for (let i = 0; i < size.sub; i++) {
    const inputs = [rng.pick(molded), rng.pick(pcba), ...rng.sample(components, rng.int(0, 2)), ...rng.sample(raw, rng.int(1, 2))];
    subs.push(add({ id: `SUB-${pad(4000 + i)}`, name: `sub-assembly ${i + 1}`, category: 'subassembly', process: 'subassembly', uom: 'EA', inputs: [...new Set(inputs)] }).id);
  }
  const finished: MaterialDef[] = [];
  for (let i = 0; i < size.products; i++) {
    const inputs = [...rng.sample(subs, rng.int(1, 2)), ...rng.sample(components, rng.int(1, 2)), ...rng.sample(raw, rng.int(1, 2))];
    finished.push(add({ id: `FG-${pad(5000 + i)}`, name: PRODUCTS[i % PRODUCTS.length]! + (i >= PRODUCTS.length ? ` mk${Math.floor(i / PRODUCTS.length) + 1}` : ''), category: 'finished', process: 'final-assembly', uom: 'EA', inputs }));
  }
  const machines = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${pad(i + 1, 3)}`);
  const m = size.machinesPer;
  return {
    materials,
    finished,
    suppliers,
    customers,
    equipment: {
      molding: machines('PRESS', m),
      smt: machines('SMT-LINE', Math.max(1, Math.ceil(m / 2))),
      subassembly: machines('ASSY-CELL', m),
      'final-assembly': machines('FA-LINE', Math.max(1, Math.ceil(m / 2))),
      rework: machines('REWORK-BENCH', Math.max(1, Math.ceil(m / 3))),
    },
  };
}
