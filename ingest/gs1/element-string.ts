/**
 * GS1 element strings: bracketed `(01)09506000134352(10)ABC`, or raw as a scanner sends them,
 * with FNC1 as GS (0x1D) after variable-length values and an optional symbology identifier
 * (`]d2` DataMatrix, `]C1` GS1-128, `]Q3` QR, `]e0` DataBar...).
 */
import { LgError } from '../../lib/errors.ts';
import { aiAt } from './ai-table.ts';
import { fromAttrs, validateAiValue, type Gs1Identifier } from './identifier.ts';

export const GS = '\u001d';
const SYMBOLOGY = /^\][A-Za-z][0-9A-Za-z]/;
const BRACKET_AI = /\((\d{2,4})\)/g;

/** True when `s` looks like an element string (bracketed, or with a symbology id or GS separators). */
export function looksLikeElementString(s: string): boolean {
  return /^\(\d{2,4}\)/.test(s) || SYMBOLOGY.test(s) || s.includes(GS) || /^\d{10,}/.test(s);
}

function put(attrs: Record<string, string>, ai: string, value: string, position: number): void {
  if (attrs[ai] !== undefined && attrs[ai] !== value) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) given twice with different values at position ${position}`, { field: ai, position });
  }
  validateAiValue(ai, value, position);
  attrs[ai] = value;
}

/** Parses a bracketed element string. Throws LG_BAD_ID naming the AI and position. */
export function parseBracketed(s: string, original = s): Gs1Identifier {
  const attrs: Record<string, string> = {};
  const marks = [...s.matchAll(BRACKET_AI)];
  if (marks.length === 0 || marks[0]!.index !== 0) {
    throw new LgError('LG_BAD_ID', `'${original}' is not a bracketed GS1 element string: it must start with (AI)`, { position: 0 });
  }
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : s.length;
    put(attrs, m[1]!, s.slice(start, end), m.index);
  }
  return fromAttrs(attrs, 'element-string', original);
}

/** Parses a raw element string (after any symbology identifier). Throws LG_BAD_ID with the position. */
export function parseRaw(s: string, original = s): Gs1Identifier {
  const attrs: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    if (s[i] === GS) { i++; continue; }
    const spec = aiAt(s, i);
    if (!spec) {
      throw new LgError('LG_BAD_ID', `unknown AI '${s.slice(i, i + 4)}' at position ${i} of '${original}'`, { position: i, value: s.slice(i, i + 4) });
    }
    const start = i + spec.ai.length;
    let end: number;
    if (spec.fixed) {
      end = start + spec.length;
      if (end > s.length) {
        throw new LgError('LG_BAD_ID', `AI (${spec.ai}) ${spec.name} at position ${i} is cut short: needs ${spec.length} characters`, { field: spec.ai, position: i });
      }
    } else {
      const gs = s.indexOf(GS, start);
      end = gs < 0 ? s.length : gs;
    }
    put(attrs, spec.ai, s.slice(start, end), i);
    i = end;
  }
  if (Object.keys(attrs).length === 0) throw new LgError('LG_BAD_ID', `'${original}' holds no GS1 element`, { position: 0 });
  return fromAttrs(attrs, 'element-string', original);
}

/** Parses an element string in any of its forms. */
export function parseElementString(input: string): Gs1Identifier {
  let s = input;
  if (SYMBOLOGY.test(s)) s = s.slice(3);
  if (s.startsWith('(')) return parseBracketed(s, input);
  return parseRaw(s, input);
}
