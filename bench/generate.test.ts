import { describe, expect, it } from 'vitest';
import { EDGE_ENDPOINTS, type Batch, type EdgeInput } from '../graph/model.ts';
import { kindOfKey, parseKey } from '../graph/keys.ts';
import { generatePlant, sscc } from './generate.ts';

const collect = (batches: Iterable<Batch>): Batch[] => [...batches];
const edgesOf = (bs: Batch[]): EdgeInput[] => bs.flatMap((b) => b.edges ?? []);

function forwardReach(edges: EdgeInput[], origin: string): number {
  const adj = new Map<string, string[]>();
  for (const e of edges) (adj.get(e.from) ?? adj.set(e.from, []).get(e.from)!).push(e.to);
  const seen = new Set([origin]);
  let frontier = [origin];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const x of frontier) {
      for (const y of adj.get(x) ?? []) {
        if (seen.has(y)) continue;
        seen.add(y);
        next.push(y);
      }
    }
    frontier = next;
  }
  return seen.size;
}

describe('generatePlant', () => {
  const plant = generatePlant({ scale: 'XS', seed: 7, batchSize: 500 });
  const batches = collect(plant.batches());
  const meta = plant.meta();
  const edges = edgesOf(batches);
  const nodes = batches.flatMap((b) => b.nodes ?? []);

  it('is deterministic: the same seed gives the same batches and counts, another seed does not', () => {
    const again = generatePlant({ scale: 'XS', seed: 7, batchSize: 500 });
    const b2 = collect(again.batches());
    expect(b2.length).toBe(batches.length);
    expect(b2.slice(0, 3)).toEqual(batches.slice(0, 3));
    expect(again.meta()).toEqual(meta);
    const other = generatePlant({ scale: 'XS', seed: 8, batchSize: 500 });
    expect(collect(other.batches())[1]).not.toEqual(batches[1]);
  });

  it('replays the same plant on a second batches() call', () => {
    expect(collect(plant.batches())).toEqual(batches);
  });

  it('has XS counts in range, edges 2–2.5× nodes, batches of about batchSize', () => {
    expect(meta.nodes).toBe(nodes.length);
    expect(meta.edges).toBe(edges.length);
    expect(meta.nodes).toBeGreaterThanOrEqual(1000);
    expect(meta.nodes).toBeLessThanOrEqual(2000);
    expect(meta.edges / meta.nodes).toBeGreaterThanOrEqual(1.9);
    expect(meta.edges / meta.nodes).toBeLessThanOrEqual(2.5);
    for (const b of batches.slice(0, -1)) expect((b.nodes?.length ?? 0) + (b.edges?.length ?? 0)).toBeGreaterThanOrEqual(500);
  });

  it('emits every node once, before or with the edges that use it, each edge valid for its kind', () => {
    const kindOf = new Map<string, string>();
    const edgeIds = new Set<string>();
    for (const b of batches) {
      for (const n of b.nodes ?? []) {
        expect(kindOf.has(n.key), n.key).toBe(false);
        expect(kindOfKey(n.key)).toBe(n.kind);
        expect(n.ids?.length).toBeGreaterThan(0);
        kindOf.set(n.key, n.kind);
      }
      for (const e of b.edges ?? []) {
        const rule = EDGE_ENDPOINTS[e.kind];
        expect(rule.from as readonly string[], `${e.kind} from ${e.from}`).toContain(kindOf.get(e.from));
        expect(rule.to as readonly string[], `${e.kind} to ${e.to}`).toContain(kindOf.get(e.to));
        const id = `${e.kind}|${e.from}|${e.to}`;
        expect(edgeIds.has(id), id).toBe(false);
        edgeIds.add(id);
        expect(typeof e.at).toBe('number');
      }
    }
    const kinds = new Set(edges.map((e) => e.kind));
    for (const k of ['SUPPLIED', 'CONSUMED_BY', 'PRODUCED', 'HAS_UNIT', 'PACKED_INTO', 'SHIPPED_IN', 'DELIVERED_TO', 'USED_IN']) expect(kinds).toContain(k);
  });

  it('keeps keys unique at S while lot numbers recur across materials', () => {
    const keys = new Set<string>();
    let nodes = 0;
    for (const b of generatePlant({ scale: 'S', seed: 1 }).batches()) {
      for (const n of b.nodes ?? []) {
        keys.add(n.key);
        nodes++;
      }
    }
    expect(keys.size).toBe(nodes);
    const numbers = new Map<string, Set<string>>();
    for (const k of keys) {
      const p = parseKey(k);
      if (p.kind === 'Lot') (numbers.get(p.parts[1]!) ?? numbers.set(p.parts[1]!, new Set()).get(p.parts[1]!)!).add(p.parts[0]!);
    }
    expect([...numbers.values()].some((mats) => mats.size > 1)).toBe(true);
  });

  it('gives every operation equipment and 3–6 material inputs (rework: the serial and one part)', () => {
    const inputs = new Map<string, number>();
    const used = new Set<string>();
    for (const e of edges) {
      if (e.kind === 'CONSUMED_BY') inputs.set(e.to, (inputs.get(e.to) ?? 0) + 1);
      if (e.kind === 'USED_IN') used.add(e.to);
    }
    const ops = nodes.filter((n) => n.kind === 'Operation');
    for (const op of ops) {
      expect(used.has(op.key), op.key).toBe(true);
      const n = inputs.get(op.key) ?? 0;
      if (op.props?.process === 'rework') expect(n).toBe(2);
      else expect(n >= 3 && n <= 6, `${op.key} has ${n} inputs`).toBe(true);
    }
  });

  it('has materials of every category, finished lots with quantity, and reworked serials forming a cycle', () => {
    const cats = new Set(nodes.filter((n) => n.kind === 'Material').map((n) => n.props?.category));
    for (const c of ['raw', 'component', 'subassembly', 'finished']) expect(cats).toContain(c);
    for (const fl of meta.finishedLots) {
      const n = nodes.find((x) => x.key === fl)!;
      expect(n.props?.uom).toBe('EA');
      expect(edges.filter((e) => e.kind === 'HAS_UNIT' && e.from === fl).length).toBe(n.props?.quantity);
    }
    const produced = new Set(edges.filter((e) => e.kind === 'PRODUCED' && e.to.startsWith('serial:')).map((e) => e.to));
    expect(produced.size).toBeGreaterThan(0);
    for (const s of produced) expect(edges.some((e) => e.kind === 'CONSUMED_BY' && e.from === s)).toBe(true);
  });

  it('makes time increase along the flow: every output after every input of its operation', () => {
    const inAt = new Map<string, number>();
    for (const e of edges) if (e.kind === 'CONSUMED_BY') inAt.set(e.to, Math.max(inAt.get(e.to) ?? 0, e.at as number));
    for (const e of edges) if (e.kind === 'PRODUCED') expect(e.at as number).toBeGreaterThan(inAt.get(e.from)!);
    const times = edges.map((e) => e.at as number);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(300 * 86_400_000);
  });

  it('names as heaviest a common raw lot with strictly the largest fan-out and the largest forward reach', () => {
    expect(meta.commonRawLots).toContain(meta.heaviestLot);
    const out = new Map<string, number>();
    for (const e of edges) if (e.kind === 'CONSUMED_BY') out.set(e.from, (out.get(e.from) ?? 0) + 1);
    const heavy = out.get(meta.heaviestLot)!;
    for (const [k, n] of out) if (k !== meta.heaviestLot) expect(n, k).toBeLessThan(heavy);
    const reach = forwardReach(edges, meta.heaviestLot);
    for (const lot of meta.rawLots) if (lot !== meta.heaviestLot) expect(forwardReach(edges, lot)).toBeLessThan(reach);
  });

  it('keeps meta as keys: all raw lots at XS, serials, equipment, suppliers, customers', () => {
    const keys = new Set(nodes.map((n) => n.key));
    expect(meta.rawLots.length).toBe(edges.filter((e) => e.kind === 'SUPPLIED').length);
    for (const k of [...meta.rawLots, ...meta.serials, ...meta.finishedLots, ...meta.equipment, ...meta.suppliers, ...meta.customers]) expect(keys.has(k), k).toBe(true);
    expect(meta.serials.every((k) => parseKey(k).kind === 'Serial')).toBe(true);
    expect(meta.serials.length).toBe(nodes.filter((n) => n.kind === 'Serial').length);
  });

  it('writes SSCC-18 with a valid GS1 check digit', () => {
    expect(sscc(1)).toMatch(/^\d{18}$/);
    expect(sscc(1)).toBe('006141410000000012');
  });
});
