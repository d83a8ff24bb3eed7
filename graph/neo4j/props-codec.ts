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
