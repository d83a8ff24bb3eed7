/**
 * GS1 element strings: bracketed `(01)09506000134352(10)ABC`, or raw as a scanner sends them,
 * with FNC1 as GS (0x1D) after variable-length values (the symbology identifier, if any, is split
 * off by parse-identifier.ts). In bracketed form a GS is noise and dropped, a bracket not holding
 * 2–4 digits is data, and `\(` / `\)` stand for a literal bracket.
 */
import { LgError } from '../../lib/errors.ts';
import { aiAt } from './ai-table.ts';
import { fromAttrs, validateAiValue, type Gs1Identifier } from './identifier.ts';

export const GS = '\u001d';
const BRACKET_AI = /^\((\d{2,4})\)/;

/** True when `s` looks like an element string (bracketed, or with GS separators, or a long run of digits). */
export function looksLikeElementString(s: string): boolean {
  return /^\(\d{2,4}\)/.test(s) || s.includes(GS) || /^\d{10,}/.test(s);
}

/** Adds one AI value; `unknown: 'keep'` in bracketed form, where a value's end does not depend on the table. */
function put(attrs: Record<string, string>, ai: string, value: string, position: number, unknown: 'error' | 'keep' = 'error'): void {
  if (attrs[ai] !== undefined && attrs[ai] !== value) {
    throw new LgError('LG_BAD_ID', `AI (${ai}) given twice with different values at position ${position}`, { field: ai, position });
  }
  validateAiValue(ai, value, position, unknown);
  attrs[ai] = value;
}

/** Parses a bracketed element string. Throws LG_BAD_ID naming the AI and position. */
export function parseBracketed(s: string, original = s): Gs1Identifier {
  const attrs: Record<string, string> = {};
  let ai: string | undefined;
  let at = 0;
  let value = '';
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === GS) { i++; continue; }
    if (c === '\\' && (s[i + 1] === '(' || s[i + 1] === ')')) {
      value += s[i + 1];
      i += 2;
      continue;
    }
    const m = c === '(' ? BRACKET_AI.exec(s.slice(i, i + 6)) : null;
    if (m) {
      if (ai !== undefined) put(attrs, ai, value, at, 'keep');
      ai = m[1]!;
      at = i;
      value = '';
      i += m[0].length;
      continue;
    }
    if (ai === undefined) {
      throw new LgError('LG_BAD_ID', `'${original}' is not a bracketed GS1 element string: it must start with (AI)`, { position: i });
    }
    value += c;
    i++;
  }
  if (ai === undefined) throw new LgError('LG_BAD_ID', `'${original}' holds no GS1 element`, { position: 0 });
  put(attrs, ai, value, at, 'keep');
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

/** Parses an element string, bracketed or raw (`s` without any symbology identifier). */
export function parseElementString(s: string, original = s): Gs1Identifier {
  let lead = 0;
  while (s[lead] === GS) lead++;
  if (s[lead] === '(') return parseBracketed(s.slice(lead), original);
  return parseRaw(s, original);
}
