/**
 * EPCIS 2.0 persistent dispositions: an ObjectEvent's `persistentDisposition` sets and unsets
 * dispositions (non_conformant, completeness_verified, needs_replacement...) that hold on its
 * objects until a later event unsets them, across the events that each replace `disposition`.
 *
 * The mapper writes the event's change as node props (`persistentDispositionSet`, `…Unset`, `…At`:
 * lists of CBV words and the event time) and the log keeps them so. When a batch is applied
 * (dispositions.ts, on every path) the change is folded into what the node holds, **per value by
 * event time**: a value's latest event (set or unset) wins, whatever the order events arrive in,
 * and a tie goes to the later arrival. The store then holds:
 *
 * - `persistentDispositions`: the values set, sorted (what a user reads);
 * - `persistentDispositionTimes`: every value seen, as `value=on|off@time`, sorted (what the next
 *   fold compares against; a time left empty is none).
 *
 * Both are lists of strings, which Neo4j stores as properties. An error declaration of an event
 * gives back, for its nodes, the fold of the changes of the live records that remain.
 */
import type { Batch, Props } from '../../graph/model.ts';

export const SET = 'persistentDispositionSet';
export const UNSET = 'persistentDispositionUnset';
export const AT = 'persistentDispositionAt';
export const HELD = 'persistentDispositions';
export const TIMES = 'persistentDispositionTimes';

/** A value's latest event: set (on) or unset, at t (ms; −∞ for none). */
interface Mark {
  on: boolean;
  t: number;
}
/** What a node holds, per value. */
export type PdState = Map<string, Mark>;

export interface PdChange {
  set: string[];
  unset: string[];
  t: number;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const msOf = (iso: unknown): number => {
  const t = typeof iso === 'string' && iso !== '' ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

/** The change a node's props in a batch carry, or null. */
export function changeOf(p: Props | undefined): PdChange | null {
  if (!p || (p[SET] === undefined && p[UNSET] === undefined)) return null;
  return { set: strings(p[SET]), unset: strings(p[UNSET]), t: msOf(p[AT]) };
}

const ENTRY = /^(.*)=(on|off)@([^@]*)$/;

/** What a store's props hold. A node with only the list (written by other means) holds each value set, without a time. */
export function stateOf(p: Props | undefined): PdState {
  const out: PdState = new Map();
  for (const e of strings(p?.[TIMES])) {
    const m = ENTRY.exec(e);
    if (m) out.set(m[1]!, { on: m[2] === 'on', t: msOf(m[3]) });
  }
  if (out.size === 0) for (const v of strings(p?.[HELD])) out.set(v, { on: true, t: -Infinity });
  return out;
}

/** Folds `c` into `state` (in place): a value's mark is replaced unless it holds a later time; unset before set within one event. */
export function fold(state: PdState, c: PdChange): void {
  for (const [values, on] of [[c.unset, false], [c.set, true]] as const) {
    for (const v of values) {
      const m = state.get(v);
      if (m === undefined || m.t <= c.t) state.set(v, { on, t: c.t });
    }
  }
}

/** The props a store holds for `state`. */
export function propsOfState(state: PdState): Props {
  const values = [...state.keys()].sort();
  return {
    [HELD]: values.filter((v) => state.get(v)!.on),
    [TIMES]: values.map((v) => {
      const m = state.get(v)!;
      return `${v}=${m.on ? 'on' : 'off'}@${m.t === -Infinity ? '' : new Date(m.t).toISOString()}`;
    }),
  };
}

/** `p` without the change props. */
export function withoutChange(p: Props): Props {
  const { [SET]: _s, [UNSET]: _u, [AT]: _a, ...rest } = p;
  return rest;
}

/**
 * `b` with each change folded into what its node holds (`held`, else what the store holds,
 * `stored`): the node's props then carry the state, not the change. `held` is kept in step.
 */
export function foldBatch(b: Batch, held: Map<string, PdState>, stored: Map<string, Props>): Batch {
  const nodes = b.nodes;
  if (!nodes) return b;
  let copy: typeof nodes | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const c = changeOf(n.props);
    if (c === null) continue;
    const state = held.get(n.key) ?? new Map(stateOf(stored.get(n.key)));
    fold(state, c);
    held.set(n.key, state);
    copy ??= nodes.slice();
    copy[i] = { ...n, props: { ...withoutChange(n.props!), ...propsOfState(state) } };
  }
  return copy ? { ...b, nodes: copy } : b;
}
