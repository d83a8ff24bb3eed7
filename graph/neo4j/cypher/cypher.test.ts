// Cypher builders are pure: pinned here without a database (text shape and bound parameters).
import { describe, expect, it } from 'vitest';
import { expandLevel, typeList } from './expand.ts';
import { keyPrefixes, nodesByAlias, searchPrefix } from './lookup.ts';
import { clearAll, schemaStatements } from './schema.ts';
import { countsByKind, pageCacheSetting, sizeInBytes } from './stats.ts';
import { createEdges, createNodes, label, linkAliases, mergeEdges, readEdges, readNodes, relType, removeEdges, updateNodes } from './upsert.ts';
import { traceByKey, traceClosure } from './trace.ts';
import { naiveRecall, naiveTrace } from './naive.ts';
import type { EdgeKind, NodeKind } from '../../model.ts';

describe('schema', () => {
  it('is idempotent and has the key constraint and the window indexes', () => {
    const texts = schemaStatements().map((s) => s.text);
    expect(texts.every((t) => /^CREATE .* IF NOT EXISTS |^DROP INDEX \w+ IF EXISTS$/.test(t))).toBe(true);
    expect(texts).toContain('DROP INDEX lg_node_lkey IF EXISTS'); // an older schema's index of lowercased keys
    expect(texts).toContain('CREATE CONSTRAINT lg_node_key IF NOT EXISTS FOR (n:Node) REQUIRE n.key IS UNIQUE');
    expect(texts.some((t) => t.includes('()-[r:USED_IN]-() ON (r.at)'))).toBe(true);
    expect(texts.some((t) => t.includes('()-[r:SUPPLIED]-() ON (r.at)'))).toBe(true);
    // Relationships go first, in batches: DETACH DELETE of a dense node is one huge transaction.
    const clear = clearAll().map((s) => s.text);
    expect(clear).toHaveLength(2);
    expect(clear[0]).toMatch(/^MATCH \(\)-\[r\]->\(\) CALL \{ WITH r DELETE r \} IN TRANSACTIONS OF \d+ ROWS$/);
    expect(clear[1]).toMatch(/^MATCH \(n\) CALL \{ WITH n DELETE n \} IN TRANSACTIONS OF \d+ ROWS$/);
    expect(clear.join('\n')).not.toContain('DETACH');
  });
});

describe('upsert statements', () => {
  it('quote only vocabulary labels and types', () => {
    expect(label('Lot')).toBe('`Lot`');
    expect(relType('USED_IN')).toBe('`USED_IN`');
    expect(() => label('Lot`) DETACH DELETE (x' as NodeKind)).toThrow(/not a node kind/);
    expect(() => relType('X' as EdgeKind)).toThrow(/not an edge kind/);
  });

  it('create new nodes of every kind in one statement, both labels, one map, and link aliases', () => {
    const rows = [{ i: 0, kind: 'Lot' as const, all: { key: 'lot:m:L1', kind: 'Lot', 'p.q': '1' } }, { i: 1, kind: 'Serial' as const, all: { key: 'serial:m:S1' } }];
    const s = createNodes(rows);
    expect(s.text).toContain('CREATE (n:Node:$(r.kind))');
    expect(s.text).toContain('SET n = r.all');
    expect(s.text).toContain('RETURN collect(r.i) AS i, collect(id(n)) AS id');
    expect(s.text).not.toContain('lot:m:L1');
    expect(s.params).toEqual({ rows });
    expect(() => createNodes([{ i: 0, kind: 'Lot`) DETACH DELETE (x' as NodeKind, all: {} }])).toThrow(/not a node kind/);
    expect(linkAliases([{ id: 1, aliases: ['x'] }]).text).toContain('MERGE (x:Alias {v: a})');
    const u = updateNodes([{ id: 3, ids: ['a'], props: { 'p.q': '2' }, aliases: [] }]);
    expect(u.text).toContain('SET n.ids = r.ids, n += r.props');
    const r = readNodes([{ k: 'k', full: true }, { k: 'j', full: false }]);
    expect(r.text).toContain('MATCH (n:Node {key: r.k})');
    expect(r.text).toContain('CASE WHEN r.full THEN properties(n) END AS p');
    expect(r.params).toEqual({ rows: [{ k: 'k', full: true }, { k: 'j', full: false }] });
  });

  it('create new edges of every kind in one statement, merge the others by (kind, from, to), at and until as integers', () => {
    const rows = [{ a: 1, b: 2, at: 5, until: 9, qty: 2, uom: 'kg' }];
    const c = createEdges([{ kind: 'PACKED_INTO', ...rows[0]! }, { kind: 'USED_IN', a: 3, b: 4, at: null, until: null, qty: null, uom: null }]);
    expect(c.text).toContain('CREATE (a)-[e:$(r.kind) {at: toInteger(r.at), until: toInteger(r.until), qty: r.qty, uom: r.uom}]->(b)');
    expect(c.text).toContain('MATCH (a) WHERE id(a) = r.a');
    expect(() => createEdges([{ kind: 'X' as EdgeKind, ...rows[0]! }])).toThrow(/not an edge kind/);
    const m = mergeEdges('CONSUMED_BY', rows);
    expect(m.text).toContain('MERGE (a)-[e:`CONSUMED_BY`]->(b)');
    expect(m.text).toContain('e.at = toInteger(r.at), e.until = toInteger(r.until)');
    expect(m.params).toEqual({ rows });
    expect(readEdges([{ i: 0, kind: 'USED_IN', a: 1, b: 2 }]).text).toContain('WHERE type(e) = r.kind');
    expect(readEdges([{ i: 0, kind: 'PACKED_INTO', a: 1, b: 2 }]).text).toContain('e.until AS until');
    expect(removeEdges('SHIPPED_IN', [{ a: 1, b: 2 }]).text).toContain('DELETE e');
  });
});

describe('traceClosure', () => {
  it('reaches with a pruning-BFS variable-length pattern, bound as a literal, asOf inlined', () => {
    const s = traceClosure([4], { way: 'out', maxDepth: 7 });
    expect(s.text).toContain('*0..7]->(n)');
    expect(s.text).toContain('WITH DISTINCT n');
    expect(s.text).not.toContain('$asOf');
    expect(s.params).toEqual({ seeds: [4] });
    const b = traceClosure([4, 5], { way: 'in', maxDepth: 1000, asOf: 9 });
    expect(b.text).toContain('(o)<-[rs:');
    expect(b.text).toContain('all(x IN rs WHERE x.at IS NULL OR x.at <= $asOf)');
    expect(b.params).toEqual({ seeds: [4, 5], asOf: 9 });
    expect(() => traceClosure([1], { way: 'out', maxDepth: 1.5 })).toThrow(/maxDepth/);
  });

  it('sends the times only of the edges where containment windows matter, chosen by the node label first', () => {
    // forward: every edge out of a container or case, a lot's PACKED_INTO; other nodes' edges untested
    const f = traceClosure([4], { way: 'out', maxDepth: 7 }).text;
    expect(f).toContain('CASE WHEN n:`Container` OR n:`Serial` THEN [(n)-[e:');
    expect(f).toContain("]->(c) | [id(c), e.at, e.until]]\n    WHEN n:`Lot` THEN [(n)-[e:");
    expect(f).toContain("]->(c) | CASE WHEN type(e) = 'PACKED_INTO' THEN [id(c), e.at, e.until] ELSE id(c) END]\n    ELSE [(n)-[e:");
    expect(f).toMatch(/ELSE \[\(n\)-\[e:[^\]]+\]->\(c\) \| id\(c\)\] END\) AS nexts$/);
    // backward: a container's or case's PACKED_INTO in-edges; timed shipments and consumptions of one
    const b = traceByKey('lot:a:1', { way: 'in', maxDepth: 3, asOf: 5 }).text;
    expect(b).toContain("]-(c) WHERE e.at IS NULL OR e.at <= $asOf | CASE WHEN type(e) = 'PACKED_INTO' THEN [id(c), e.at, e.until] ELSE id(c) END]");
    expect(b).toContain('WHEN n:`Shipment` OR n:`Operation` THEN [');
    expect(b).toContain('CASE WHEN e.at IS NOT NULL AND (c:`Container` OR c:`Serial`) THEN [id(c), e.at, e.until] ELSE id(c) END]');
    const r = traceClosure([4], { way: 'out', maxDepth: 7, recall: true }).text;
    expect(r).toContain("CASE WHEN type(e) = 'PACKED_INTO' THEN [id(e), id(c), e.qty, e.uom, e.at, e.until] ELSE [id(e), id(c), e.qty, e.uom] END]");
  });

  it('traces from a key in one statement, the pruning BFS inside a CALL', () => {
    const s = traceByKey('lot:a:1', { way: 'in', maxDepth: 3, asOf: 5 });
    expect(s.text).toContain('MATCH (o:Node {key: $key})\nCALL (o) {');
    expect(s.text).toContain('  MATCH (o)<-[rs:');
    expect(s.text).toContain('*0..3]-(n)\n  WHERE all(x IN rs WHERE x.at IS NULL OR x.at <= $asOf)\n  WITH DISTINCT n');
    expect(s.text).toContain('properties(o) AS p');
    expect(s.params).toEqual({ key: 'lot:a:1', asOf: 5 });
  });

  it('adds the recall summary columns in the same query', () => {
    const s = traceClosure([4], { way: 'out', maxDepth: 1000, asOf: 9, recall: true });
    expect(s.text).toContain("OPTIONAL MATCH (m:Node {key: CASE WHEN n:Lot OR n:Serial THEN 'material:' + split(n.key, ':')[1] END})");
    expect(s.text).toContain('[id(e), id(c), e.qty, e.uom]');
    expect(s.text).toContain('m.`p.category` AS category');
    expect(s.text).toContain('[(n)<-[e:HAS_UNIT]-(x) WHERE true AND (e.at IS NULL OR e.at <= $asOf) | [id(e), x.key]]');
    expect(s.params).toEqual({ seeds: [4], asOf: 9 });
  });

  it('takes recall seeds by key and returns their views', () => {
    const s = traceClosure({ keys: ['lot:a:1'] }, { way: 'out', maxDepth: 1000, recall: true });
    expect(s.text).toContain('UNWIND $keys AS k\nMATCH (o:Node {key: k})');
    expect(s.text).toContain('CASE WHEN n.key IN $keys THEN [n.ids, properties(n)] END AS seed');
    expect(s.params).toEqual({ keys: ['lot:a:1'] });
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

describe('lookup, search, stats', () => {
  it('binds identifiers as parameters, lowercased for aliases', () => {
    expect(nodesByAlias('ABC').params).toEqual({ v: 'abc' });
    const s = searchPrefix('lot:', 5);
    expect(s.text).toContain('n.key STARTS WITH p AND toLower(n.key) STARTS WITH $q');
    expect(s.text).toContain('a.v STARTS WITH $q');
    expect(s.params).toEqual({ q: 'lot:', prefixes: ['lot:'], limit: 5 });
  });

  it('seeks every case variant of a key prefix, the kind prefix as it is, at most 64', () => {
    expect(keyPrefixes('lo')).toEqual(['lo']);
    expect(keyPrefixes('lot:a1')).toEqual(['lot:a1', 'lot:A1']);
    expect(keyPrefixes('lot:ab').sort()).toEqual(['lot:AB', 'lot:Ab', 'lot:aB', 'lot:ab']);
    expect(keyPrefixes('lot:k').sort()).toEqual(['lot:K', 'lot:k', 'lot:\u212a'].sort());
    expect(keyPrefixes('lot:σ-é').sort()).toEqual(['lot:Σ-É', 'lot:Σ-é', 'lot:σ-É', 'lot:σ-é'].sort());
    const long = keyPrefixes('lot:abcdefghij:x');
    expect(long).toHaveLength(64);
    expect(new Set(long).size).toBe(64);
    for (const p of long) expect(p.toLowerCase()).toBe('lot:abcdef');
    expect(keyPrefixes('lot:12-34:5')).toEqual(['lot:12-34:5']);
  });

  it('reads the page cache size setting and converts Neo4j sizes to bytes', () => {
    expect(pageCacheSetting().text).toContain("name = 'server.memory.pagecache.size'");
    expect(sizeInBytes('512.00MiB')).toBe(512 * 2 ** 20);
    expect(sizeInBytes('2.00GiB')).toBe(2 * 2 ** 30);
    expect(sizeInBytes('4096')).toBe(4096);
    expect(sizeInBytes(null)).toBeNull();
    expect(sizeInBytes('lots')).toBeNull();
  });

  it('counts every kind from the count store', () => {
    const t = countsByKind().text;
    expect(t.split('UNION ALL')).toHaveLength(20);
    expect(t).toContain('MATCH (n:`Serial`) RETURN');
  });
});

describe('naive bench queries', () => {
  it('are the plain variable-length patterns, origin bound by parameter', () => {
    const f = naiveTrace('lot:a:1', 'forward');
    expect(f.text).toMatch(/^MATCH \(o:Node \{key: \$key\}\)-\[:[A-Z_|`]+\*0\.\.\]->\(n\) RETURN DISTINCT n\.key AS key$/);
    expect(f.params).toEqual({ key: 'lot:a:1' });
    expect(naiveTrace('serial:a:1', 'backward').text).toContain('<-[:');
    expect(naiveRecall('lot:a:1').text).toContain('WITH DISTINCT n');
  });
});
