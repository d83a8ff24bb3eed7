/**
 * Node properties in Neo4j: each lotgraph prop `x` is stored as the property `p.x` holding its JSON
 * text, so nested values and nulls survive and a shallow merge is a plain `SET n += $props`.
 */
import type { Json, Props } from '../model.ts';

const PREFIX = 'p.';

/** Encodes props for `SET n += $props`. */
export function encodeProps(props: Props): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) out[PREFIX + k] = JSON.stringify(v);
  return out;
}

/** Decodes the `p.` properties of a node as returned by `properties(n)`. */
export function decodeProps(stored: Record<string, unknown>): Props {
  const out: Props = {};
  for (const k of Object.keys(stored).sort()) {
    if (k.startsWith(PREFIX)) out[k.slice(PREFIX.length)] = JSON.parse(String(stored[k])) as Json;
  }
  return out;
}

/** The stored property name of prop `name` (for Cypher that filters on a prop). */
export const propName = (name: string): string => PREFIX + name;

/** The stored value of a prop value (its JSON text), for equality tests in Cypher. */
export const propValue = (v: Json): string => JSON.stringify(v);

/**
 * Node ids in Neo4j: the `ids` list property is left out when it holds just the key's last part as
 * written (no percent-encoding in it), which is what almost every node has (a lot's lot number, a
 * serial's serial number). A string list lives in its own dynamic record, so leaving it out saves a
 * record per node on a bulk load. The write procedure (UpsertProcedure.java) applies the same rule.
 */
/** A key's last part as written (percent-encoded): the label of a lot, serial or other node. */
export const lastPart = (key: string): string => key.slice(key.lastIndexOf(':') + 1);

/** The ids a node has when its `ids` property is absent: the key's last part, when it needs no percent-decoding. */
function defaultIds(key: string): string[] {
  const l = lastPart(key);
  return l.includes('%') ? [] : [l];
}

/** The `ids` to store for a node, or null to leave the property out (they are its default ids). */
export function idsToStore(key: string, ids: readonly string[]): string[] | null {
  const d = defaultIds(key);
  return ids.length === d.length && ids.every((x, i) => x === d[i]) ? null : [...ids];
}

/** A node's ids from its stored `ids` property (absent: its default ids, see idsToStore). */
export function storedIds(key: string, v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : defaultIds(key);
}
