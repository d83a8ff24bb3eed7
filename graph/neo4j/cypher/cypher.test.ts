// Cypher builders are pure: pinned here without a database (text shape and bound parameters).
import { describe, expect, it } from 'vitest';
import { expandLevel, typeList } from './expand.ts';
import { nodesByAlias, searchPrefix } from './lookup.ts';
import { consumedCounts } from './recall.ts';
import { clearAll, schemaStatements } from './schema.ts';
import { countsByKind } from './stats.ts';
import { label, readEdges, relType, removeEdges, writeEdges, writeNodes } from './upsert.ts';
import type { EdgeKind, NodeKind } from '../../model.ts';

describe('schema', () => {
  it('is idempotent and has the key constraint and the window indexes', () => {
    const texts = schemaStatements().map((s) => s.text);
    expect(texts.every((t) => t.includes('IF NOT EXISTS'))).toBe(true);
    expect(texts).toContain('CREATE CONSTRAINT lg_node_key IF NOT EXISTS FOR (n:Node) REQUIRE n.key IS UNIQUE');
    expect(texts.some((t) => t.includes('()-[r:USED_IN]-() ON (r.at)'))).toBe(true);
    expect(texts.some((t) => t.includes('()-[r:SUPPLIED]-() ON (r.at)'))).toBe(true);
    expect(clearAll().text).toContain('IN TRANSACTIONS');
  });
});

describe('upsert statements', () => {
  it('quote only vocabulary labels and types', () => {
    expect(label('Lot')).toBe('`Lot`');
    expect(relType('USED_IN')).toBe('`USED_IN`');
    expect(() => label('Lot`) DETACH DELETE (x' as NodeKind)).toThrow(/not a node kind/);
    expect(() => relType('X' as EdgeKind)).toThrow(/not an edge kind/);
  });

  it('merge nodes on key with the kind label and keep values in $rows', () => {
    const row = { key: 'lot:m:L1', kind: 'Lot' as const, lkey: 'lot:m:l1', llabel: 'l1', ids: ['L1'], props: { 'p.q': '1' }, aliases: ['l1'] };
    const s = writeNodes('Lot', [row]);
    expect(s.text).toContain('MERGE (n:Node {key: r.key})');
    expect(s.text).toContain('ON CREATE SET n:`Lot`');
    expect(s.text).toContain('SET n.ids = r.ids, n += r.props');
    expect(s.text).not.toContain('lot:m:L1');
    expect(s.params).toEqual({ rows: [row] });
  });

  it('merge edges by (kind, from, to) and store at as an integer', () => {
    const s = writeEdges('CONSUMED_BY', [{ from: 'lot:a:1', to: 'op:1', at: 5, qty: 2, uom: 'kg' }]);
    expect(s.text).toContain('MERGE (a)-[e:`CONSUMED_BY`]->(b)');
    expect(s.text).toContain('e.at = toInteger(r.at)');
    expect(s.params.rows).toEqual([{ from: 'lot:a:1', to: 'op:1', at: 5, qty: 2, uom: 'kg' }]);
    expect(readEdges([{ i: 0, kind: 'USED_IN', from: 'equipment:e', to: 'op:1' }]).text).toContain('WHERE type(e) = r.kind');
    expect(removeEdges('SHIPPED_IN', [{ from: 'lot:a:1', to: 'shipment:s' }]).text).toContain('DELETE e');
  });
});

describe('expandLevel', () => {
  it('expands flow edges forward without asOf by default', () => {
    const s = expandLevel([1, 2], { way: 'out' });
    expect(s.text).toContain(`MATCH (u)-[e:${typeList(['SUPPLIED', 'CONSUMED_BY', 'PRODUCED', 'HAS_UNIT', 'PACKED_INTO', 'SHIPPED_IN', 'DELIVERED_TO', 'USED_IN'])}]->(v)`);
    expect(s.text).not.toContain('WHERE e.');
    expect(s.text).not.toContain('OF_MATERIAL');
    expect(s.text).not.toMatch(/\*/);
    expect(s.params).toEqual({ ids: [1, 2] });
  });

  it('filters on asOf and a window with parameters, backward and both ways', () => {
    const s = expandLevel([7], { way: 'in', asOf: 100, window: { from: 1, to: 2 }, kinds: ['USED_IN'], attrs: true });
    expect(s.text).toContain('MATCH (u)<-[e:`USED_IN`]-(v)');
    expect(s.text).toContain('WHERE (e.at IS NULL OR e.at <= $asOf) AND e.at >= $from AND e.at <= $to');
    expect(s.text).toContain('e.qty AS qty');
    expect(s.params).toEqual({ ids: [7], asOf: 100, from: 1, to: 2 });
    const both = expandLevel([7], { way: 'both', allEdges: true });
    expect(both.text).toContain('-[e:');
    expect(both.text).toContain('startNode(e) = u AS out');
    expect(both.text).toContain('`AT_SITE`');
  });
});

describe('lookup, search, stats, recall', () => {
  it('binds identifiers as parameters, lowercased for aliases', () => {
    expect(nodesByAlias('ABC').params).toEqual({ v: 'abc' });
    const s = searchPrefix('lot:', 5);
    expect(s.text).toContain('n.lkey STARTS WITH $q');
    expect(s.text).toContain('a.v STARTS WITH $q');
    expect(s.params).toEqual({ q: 'lot:', limit: 5 });
    expect(consumedCounts([1], 9).params).toEqual({ ids: [1], asOf: 9 });
    expect(consumedCounts([1], undefined).text).not.toContain('$asOf');
  });

  it('counts every kind from the count store', () => {
    const t = countsByKind().text;
    expect(t.split('UNION ALL')).toHaveLength(20);
    expect(t).toContain('MATCH (n:`Serial`) RETURN');
  });
});
