/**
 * The trace questions as recursive SQL over a plain edge table, written the way a user without
 * lotgraph would: a recursive CTE from the origin. Two forms, measured side by side:
 * - `union`: `WITH RECURSIVE ... UNION` (set semantics: terminates on rework cycles, returns the
 *   reached set; a depth column would break cycle safety, so there is none);
 * - `using-key`: DuckDB's `USING KEY (node)` (≥ 1.3): the recursion keeps one row per node, so it
 *   can carry depth and parent (the same result shape as lotgraph's trace), and skips nodes
 *   already reached by reading the `recurring` table.
 * Pure builders: text with `$1` for the origin, never a spliced value.
 */
export type SqlVariant = 'union' | 'using-key';
export const SQL_VARIANTS: readonly SqlVariant[] = ['union', 'using-key'];
export type SqlDirection = 'forward' | 'backward';

/** DDL of the tables the SQL engine loads (flow edges, and nodes with what a recall summary needs). */
export const SCHEMA_SQL = [
  /* sql */ `CREATE TABLE IF NOT EXISTS edges(src VARCHAR, dst VARCHAR, kind VARCHAR, "at" BIGINT, qty DOUBLE)`,
  /* sql */ `CREATE TABLE IF NOT EXISTS nodes(key VARCHAR, kind VARCHAR, material VARCHAR, category VARCHAR, quantity DOUBLE)`,
];

/**
 * Indexes a user would add after loading: ART indexes on the join keys. DuckDB then answers the
 * recursive join by index lookups instead of scanning every edge per level (≈4× faster at S).
 */
export const INDEX_SQL = [
  /* sql */ `CREATE INDEX IF NOT EXISTS edges_src ON edges(src)`,
  /* sql */ `CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst)`,
  /* sql */ `CREATE INDEX IF NOT EXISTS nodes_key ON nodes(key)`,
];

/** The recursive CTE named `reach` (column `node`; with using-key also `depth`, `parent`). */
export function reachCte(direction: SqlDirection, variant: SqlVariant): string {
  const [from, to] = direction === 'forward' ? ['src', 'dst'] : ['dst', 'src'];
  if (variant === 'union') {
    return /* sql */ `reach(node) AS (
    SELECT $1::VARCHAR
    UNION
    SELECT e.${to} FROM reach r JOIN edges e ON e.${from} = r.node
  )`;
  }
  return /* sql */ `reach(node, depth, parent) USING KEY (node) AS (
    SELECT $1::VARCHAR, 0, NULL::VARCHAR
    UNION
    SELECT e.${to}, r.depth + 1, r.node FROM reach r JOIN edges e ON e.${from} = r.node
    WHERE NOT EXISTS (SELECT 1 FROM recurring.reach k WHERE k.node = e.${to})
  )`;
}

/** A trace: every reached node (with depth and parent in the using-key form), origin included. */
export function traceSql(direction: SqlDirection, variant: SqlVariant): string {
  const cols = variant === 'union' ? 'node' : 'node, depth, parent';
  return `WITH RECURSIVE ${reachCte(direction, variant)}\nSELECT ${cols} FROM reach`;
}

/**
 * Recall impact of one lot: the forward reach, then the affected finished lots (quantity, units
 * shipped), finished serials (shipment through their case, or none: in stock), shipments (with
 * their customer) and customers, plus one row with the number of nodes reached.
 */
export function recallSql(variant: SqlVariant): string {
  return /* sql */ `WITH RECURSIVE ${reachCte('forward', variant)},
  r AS (SELECT n.key, n.kind, n.material, n.quantity FROM reach JOIN nodes n ON n.key = reach.node),
  fin AS (SELECT r.* FROM r JOIN nodes m ON m.key = r.material WHERE m.category = 'finished'),
  serial_ship AS (
    SELECT f.key AS serial, max(s.dst) AS shipment FROM fin f
    LEFT JOIN edges p ON p.src = f.key AND p.kind = 'PACKED_INTO'
    LEFT JOIN edges s ON s.src = p.dst AND s.kind = 'SHIPPED_IN'
    WHERE f.kind = 'Serial' GROUP BY f.key),
  lot_ship AS (
    SELECT f.key AS lot, f.quantity, count(ss.shipment) AS shipped FROM fin f
    LEFT JOIN edges h ON h.src = f.key AND h.kind = 'HAS_UNIT'
    LEFT JOIN serial_ship ss ON ss.serial = h.dst
    WHERE f.kind = 'Lot' GROUP BY f.key, f.quantity)
SELECT 'lot' AS what, lot AS key, quantity, shipped::DOUBLE AS shipped, NULL::VARCHAR AS other FROM lot_ship
UNION ALL SELECT 'serial', serial, NULL, CASE WHEN shipment IS NULL THEN 0 ELSE 1 END, shipment FROM serial_ship
UNION ALL SELECT 'shipment', r.key, NULL, NULL, d.dst FROM r LEFT JOIN edges d ON d.src = r.key AND d.kind = 'DELIVERED_TO' WHERE r.kind = 'Shipment'
UNION ALL SELECT 'customer', r.key, NULL, NULL, NULL FROM r WHERE r.kind = 'Customer'
UNION ALL SELECT 'reached', NULL, (SELECT count(*) FROM reach), NULL, NULL`;
}
