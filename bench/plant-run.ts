/**
 * One pass over a generated plant: the state machine behind generatePlant (bench/generate.ts).
 * Works in finishing steps spread over 2025; each step makes one finished lot and, on demand, the
 * lots it needs (inputs before outputs, so time increases along the flow).
 */
import type { Batch, EdgeInput, NodeInput } from '../graph/model.ts';
import { containerKey, customerKey, equipmentKey, lotKey, materialKey, operationKey, serialKey, shipmentKey, supplierKey } from '../graph/keys.ts';
import { buildCatalog, RESIN_PC, SIZES, type Catalog, type MaterialDef, type Process, type Scale } from './catalog.ts';
import type { PlantMeta } from './generate.ts';
import { Reservoir, Rng } from './prng.ts';

const H = 3_600_000;
const DAY = 24 * H;
const START = Date.UTC(2025, 0, 1);
const YEAR = 365 * DAY;
/** How long one lot of a common material feeds every consumer; one bulk resin lot lasts far longer. */
const COMMON_WINDOW: Record<string, number> = { 'SOLDER-SAC305': 2 * DAY, 'RESIN-PC': 6 * DAY, 'RESIN-ABS': 6 * DAY };
const BULK_WINDOW = 30 * DAY;
/** When each process runs relative to the finishing step's time T (so time increases along the flow). */
const OFFSET: Record<Process, [number, number]> = {
  receipt: [-36 * H, -36 * H],
  molding: [-14 * H, -10 * H],
  smt: [-14 * H, -10 * H],
  subassembly: [-8 * H, -5 * H],
  'final-assembly': [-4 * H, -1 * H],
};
const CASE_SIZE = 10;
const REWORK_RATE = 0.02;
const HOLD_RATE = 0.03;

interface ActiveLot {
  key: string;
  uses: number;
  left: number;
  until: number;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** GS1 mod-10 check digit of a digit string. */
function checkDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** An SSCC-18: extension digit, company prefix, serial reference, check digit. */
export function sscc(n: number): string {
  const body = `0${'0614141'}${pad(n, 9)}`;
  return body + checkDigit(body);
}

/** Generates one plant from its seed; meta() reflects what has been streamed so far. */
export class PlantRun {
  private readonly rng: Rng;
  private readonly cat: Catalog;
  private nodes: NodeInput[] = [];
  private edges: EdgeInput[] = [];
  private nNodes = 0;
  private nEdges = 0;
  private readonly active = new Map<string, ActiveLot>();
  private readonly lotSeq = new Map<string, number>();
  private readonly seq = { wo: 0, serial: 0, sscc: 0, ship: 0, rework: 0 };
  private bulkDone = false;
  private heaviest = { key: '', uses: -1 };
  private openShipment: { customer: string; cases: { key: string; units: number }[]; target: number } | null = null;
  private readonly rawLots: Reservoir<string>;
  private readonly finishedLots: Reservoir<string>;
  private readonly serials: Reservoir<string>;
  private readonly common: string[] = [];
  private readonly components: MaterialDef[];

  constructor(
    private readonly scale: Scale,
    private readonly seed: number,
  ) {
    this.rng = new Rng(seed);
    this.cat = buildCatalog(scale, this.rng);
    this.components = [...this.cat.materials.values()].filter((m) => m.category === 'component');
    // Samples draw from their own stream so the plant never depends on how it is sampled.
    const sampler = new Rng(seed ^ 0x5bd1e995);
    this.rawLots = new Reservoir(100_000, sampler);
    this.finishedLots = new Reservoir(10_000, sampler);
    this.serials = new Reservoir(5_000, sampler);
  }

  meta(): PlantMeta {
    return {
      scale: this.scale,
      seed: this.seed,
      nodes: this.nNodes,
      edges: this.nEdges,
      rawLots: this.rawLots.items.slice(),
      commonRawLots: this.common.slice(),
      heaviestLot: this.heaviest.key,
      finishedLots: this.finishedLots.items.slice(),
      serials: this.serials.items.slice(),
      equipment: Object.values(this.cat.equipment).flat().map(equipmentKey),
      suppliers: this.cat.suppliers.map(supplierKey),
      customers: this.cat.customers.map(customerKey),
    };
  }

  *stream(batchSize: number): Generator<Batch> {
    this.masterData();
    const total = SIZES[this.scale].finishedLots;
    for (let i = 0; i < total; i++) {
      this.finishStep(START + Math.floor(((i + 0.5) * YEAR) / total));
      if (this.nodes.length + this.edges.length >= batchSize) yield this.flush();
    }
    for (const lot of this.active.values()) this.retire(lot);
    if (this.nodes.length + this.edges.length > 0) yield this.flush();
  }

  private flush(): Batch {
    const b: Batch = { nodes: this.nodes, edges: this.edges };
    this.nodes = [];
    this.edges = [];
    return b;
  }

  private node(n: NodeInput): void {
    this.nodes.push(n);
    this.nNodes++;
  }

  private edge(e: EdgeInput): void {
    this.edges.push(e);
    this.nEdges++;
  }

  private masterData(): void {
    for (const m of this.cat.materials.values()) this.node({ kind: 'Material', key: materialKey(m.id), ids: [m.id], props: { name: m.name, category: m.category, uom: m.uom } });
    for (const s of this.cat.suppliers) this.node({ kind: 'Supplier', key: supplierKey(s), ids: [s], props: { name: `Supplier ${s.slice(4)}` } });
    for (const c of this.cat.customers) this.node({ kind: 'Customer', key: customerKey(c), ids: [c], props: { name: `Hospital ${c.slice(5)}` } });
    for (const [type, ids] of Object.entries(this.cat.equipment)) {
      for (const id of ids) this.node({ kind: 'Equipment', key: equipmentKey(id), ids: [id], props: { type } });
    }
  }

  /**
   * A lot number as plants print them: date code plus the material's own sequence. Unique within a
   * material; the same number recurs across materials (as real lot numbers do).
   */
  private lotNumber(material: string, t: number): string {
    const d = new Date(t);
    const n = (this.lotSeq.get(material) ?? 0) + 1;
    this.lotSeq.set(material, n);
    return `${String(d.getUTCFullYear()).slice(2)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}-${pad(n, 4)}`;
  }

  private retire(lot: ActiveLot): void {
    if (lot.uses > this.heaviest.uses && lot.key.startsWith('lot:') && this.isRawKey(lot.key)) this.heaviest = { key: lot.key, uses: lot.uses };
  }

  private isRawKey(key: string): boolean {
    const mat = decodeURIComponent(key.split(':')[1]!);
    return this.cat.materials.get(mat)?.process === 'receipt';
  }

  /** The lot of `m` an operation at step time T consumes; receives or makes a new one when the current is used up. */
  private lotFor(m: MaterialDef, T: number): ActiveLot {
    const cur = this.active.get(m.id);
    if (cur && (m.common ? T < cur.until : cur.left > 0)) return cur;
    if (cur) this.retire(cur);
    const lot = m.process === 'receipt' ? this.receive(m, T) : this.produce(m, T);
    this.active.set(m.id, lot);
    return lot;
  }

  private receive(m: MaterialDef, T: number): ActiveLot {
    const at = T + OFFSET.receipt[0];
    const number = this.lotNumber(m.id, at);
    const key = lotKey(m.id, number);
    let until = T + (COMMON_WINDOW[m.id] ?? 0);
    if (m.id === RESIN_PC && !this.bulkDone && T >= START + YEAR / 3) {
      this.bulkDone = true;
      // At least 20 finishing steps, so even the XS plant has one clearly heaviest lot.
      until = T + Math.max(BULK_WINDOW, (20 * YEAR) / SIZES[this.scale].finishedLots);
    }
    const qty = m.uom === 'kg' ? (m.common ? (until - T) / DAY * 100 : this.rng.int(50, 500)) : this.rng.int(1, 20) * 500;
    this.node({ kind: 'Lot', key, ids: [number], props: { quantity: qty, uom: m.uom } });
    this.edge({ kind: 'SUPPLIED', from: supplierKey(this.rng.pick(m.suppliers)), to: key, at, qty, uom: m.uom });
    this.rawLots.add(key);
    if (m.common) this.common.push(key);
    return { key, uses: 0, left: this.rng.int(1, 3), until };
  }

  /** Runs one operation making a lot of `m` (its inputs first, so times increase along the flow). */
  private produce(m: MaterialDef, T: number, qty = m.process === 'subassembly' ? this.rng.int(50, 300) : this.rng.int(200, 2000)): ActiveLot {
    const [start, end] = OFFSET[m.process].map((o) => T + o) as [number, number];
    const inputs = m.inputs.map((id) => this.lotFor(this.cat.materials.get(id)!, T));
    const wo = `WO${pad(++this.seq.wo, 7)}`;
    const op = operationKey(`${wo}-10`);
    this.node({ kind: 'Operation', key: op, ids: [`${wo}-10`], props: { process: m.process, workOrder: wo, start, end, result: 'pass' } });
    this.edge({ kind: 'USED_IN', from: equipmentKey(this.rng.pick(this.cat.equipment[m.process as Exclude<Process, 'receipt'>])), to: op, at: start });
    for (const lot of inputs) this.consume(lot, op, start, this.cat.materials.get(m.id)!);
    const number = this.lotNumber(m.id, end);
    const key = lotKey(m.id, number);
    this.node({ kind: 'Lot', key, ids: [number], props: { quantity: qty, uom: m.uom } });
    this.edge({ kind: 'PRODUCED', from: op, to: key, at: end, qty, uom: m.uom });
    return { key, uses: 0, left: m.process === 'subassembly' ? this.rng.int(2, 3) : this.rng.int(2, 4), until: 0 };
  }

  private consume(lot: ActiveLot, op: string, at: number, by: MaterialDef): void {
    lot.uses++;
    lot.left--;
    const kg = lot.key.includes('RESIN') || lot.key.includes('SOLDER') || lot.key.includes('COLORANT');
    this.edge({ kind: 'CONSUMED_BY', from: lot.key, to: op, at, qty: kg ? this.rng.int(1, 40) / 2 : this.rng.int(1, 4) * 100, uom: kg ? 'kg' : by.uom });
  }

  /** One finished lot: final assembly, serials (some reworked), cases, shipments. */
  private finishStep(T: number): void {
    const product = this.rng.pick(this.cat.finished);
    const units = this.rng.int(10, 30);
    const fl = this.produce(product, T, units);
    this.active.delete(product.id);
    this.finishedLots.add(fl.key);
    let caseKey = '';
    let inCase = 0;
    for (let u = 0; u < units; u++) {
      const sn = `SN${pad(++this.seq.serial, 9)}`;
      const key = serialKey(product.id, sn);
      this.node({ kind: 'Serial', key, ids: [sn], props: { lot: fl.key } });
      this.edge({ kind: 'HAS_UNIT', from: fl.key, to: key, at: T });
      this.serials.add(key);
      if (this.rng.chance(REWORK_RATE)) this.rework(key, T, this.rng.pick(this.components));
      if (inCase === 0) {
        const code = sscc(++this.seq.sscc);
        caseKey = containerKey(code);
        this.node({ kind: 'Container', key: caseKey, ids: [code], props: { level: 'case' } });
      }
      this.edge({ kind: 'PACKED_INTO', from: key, to: caseKey, at: T + 4 * H });
      inCase++;
      if (inCase === CASE_SIZE || u === units - 1) {
        if (!this.rng.chance(HOLD_RATE)) this.ship(caseKey, inCase, T);
        inCase = 0;
      }
    }
  }

  /** A failed unit is reworked: the operation consumes the serial and a replacement part and gives the serial back. */
  private rework(serial: string, T: number, part: MaterialDef): void {
    const id = `RW${pad(++this.seq.rework, 7)}`;
    const op = operationKey(id);
    const at = T + 2 * H;
    const lot = this.lotFor(part, T);
    this.node({ kind: 'Operation', key: op, ids: [id], props: { process: 'rework', start: at, end: at + H, result: 'pass' } });
    this.edge({ kind: 'USED_IN', from: equipmentKey(this.rng.pick(this.cat.equipment.rework)), to: op, at });
    this.edge({ kind: 'CONSUMED_BY', from: serial, to: op, at, qty: 1, uom: 'EA' });
    this.consume(lot, op, at, part);
    this.edge({ kind: 'PRODUCED', from: op, to: serial, at: at + H, qty: 1, uom: 'EA' });
  }

  /** Cases go into the open shipment; a full shipment leaves a day later and reaches its customer days after. */
  private ship(caseKey: string, units: number, T: number): void {
    this.openShipment ??= { customer: this.rng.pick(this.cat.customers), cases: [], target: this.rng.int(2, 8) };
    const s = this.openShipment;
    s.cases.push({ key: caseKey, units });
    if (s.cases.length < s.target) return;
    this.openShipment = null;
    const id = `SHP${pad(++this.seq.ship, 7)}`;
    const key = shipmentKey(id);
    const at = T + DAY;
    this.node({ kind: 'Shipment', key, ids: [id], props: { shippedAt: at } });
    for (const c of s.cases) this.edge({ kind: 'SHIPPED_IN', from: c.key, to: key, at, qty: c.units, uom: 'EA' });
    this.edge({ kind: 'DELIVERED_TO', from: key, to: customerKey(s.customer), at: at + this.rng.int(2, 5) * DAY });
  }
}
