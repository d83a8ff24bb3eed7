/** `lotgraph search <q> [--limit N] [--json]`: find nodes by key, alias, label prefix or any GS1 form. */
import type { Command } from 'commander';
import { labelOfKey, looksLikeKey } from '../../graph/keys.ts';
import type { NodeView } from '../../graph/model.ts';
import { LgError } from '../../lib/errors.ts';
import { keysOf, parseIdentifier, toNodeKey, type Gs1Identifier } from '../../ingest/gs1/index.ts';
import { shownQuery as shown, type SearchView } from '../../api/resolve-id.ts';
import { openClient } from '../client.ts';
import { configOf, out, setExitCode } from '../context.ts';
import { intOption } from '../options.ts';
import { table } from '../table.ts';

/** Results unless --limit says otherwise (the API's default). */
export const DEFAULT_LIMIT = 20;

const SCHEME: Record<Gs1Identifier['kind'], string> = { serial: 'SGTIN', lot: 'LGTIN', container: 'SSCC', location: 'SGLN', party: 'PGLN', product: 'GTIN', opaque: 'URI' };
/** Primary AIs first, then qualifiers, as GS1 writes them; other AIs after, as given. */
const AI_ORDER = ['00', '01', '02', '414', '417', '254', '22', '10', '21'];
const rank = (ai: string): number => (AI_ORDER.includes(ai) ? AI_ORDER.indexOf(ai) : AI_ORDER.length);
const FORM: Record<Gs1Identifier['form'], string> = { 'element-string': 'element string', 'digital-link': 'Digital Link', 'epc-urn': 'EPC URN', opaque: 'URI' };

/** The GS1 reading of `q`, or null when it is a key, a plain name or an opaque URI. */
function gs1Of(q: string): Gs1Identifier | null {
  if (looksLikeKey(q.trim())) return null;
  try {
    const g = parseIdentifier(q);
    return g.kind === 'opaque' ? null : g;
  } catch {
    return null;
  }
}

/** The GS1 key type of a container-like key (`asset`), by its key AI. */
const ASSET_SCHEME: Record<string, string> = {
  '8004': 'GIAI', '8003': 'GRAI', '402': 'GSIN', '401': 'GINC', '253': 'GDTI', '255': 'SGCN',
  '8017': 'GSRNP', '8018': 'GSRN', '8010': 'CPI', '8006': 'ITIP',
};

/**
 * How the input was read, for a GS1 form: "read as SGTIN (01)…(21)… (Digital Link) → serial:…".
 * Derived from the input and the answer alone, so local and remote runs say the same.
 */
export function readAsLine(q: string, results: NodeView[]): string | null {
  const g = gs1Of(q);
  if (!g) return null;
  const ais = Object.entries(g.attrs).sort((a, b) => rank(a[0]) - rank(b[0])).map(([ai, v]) => `(${ai})${v}`).join('');
  const scheme = g.asset ? ASSET_SCHEME[/^\((\d+)\)/.exec(g.asset)?.[1] ?? ''] ?? 'GS1 key' : SCHEME[g.kind];
  const head = `read as ${scheme} ${ais} (${FORM[g.form]})`;
  const keys = keysOf(g);
  const top = results[0];
  if (top && keys.includes(top.key)) return `${head} → ${top.key}`;
  // a serial or lot of a material keyed by part number, found through the material's GTIN alias
  const number = g.kind === 'serial' ? g.serial : g.kind === 'lot' ? g.lot : undefined;
  if (top && number !== undefined && top.kind === (g.kind === 'serial' ? 'Serial' : 'Lot') && labelOfKey(top.key) === number) return `${head} → ${top.key} (the material with GTIN ${g.gtin})`;
  return `${head}; no node has the key ${toNodeKey(g) ?? keys.join(' or ')}`;
}

const nameOf = (n: NodeView): string => {
  if (typeof n.props.name === 'string' && n.props.name !== '') return n.props.name;
  try {
    return labelOfKey(n.key);
  } catch {
    return n.key;
  }
};

/** Human rendering: count, how a GS1 form was read, then the results best first. */
export function renderSearch(s: SearchView, limit: number, where: string): string[] {
  const lines = [`${s.count} match${s.count === 1 ? '' : 'es'} for '${shown(s.q)}'${s.count >= limit ? ` (the first ${limit}: raise --limit)` : ''} — ${where}`];
  const readAs = readAsLine(s.q, s.results);
  if (readAs) lines.push(readAs);
  for (const w of s.warnings ?? []) lines.push(`note: ${w.message}`);
  lines.push('', ...table(['KIND', 'NAME', 'KEY'], s.results.map((n) => [n.kind, nameOf(n), n.key]), s.results.length));
  return lines;
}

/** Registers `search`. */
export function register(program: Command): void {
  program
    .command('search')
    .description('find nodes by key, alias or label prefix, or by a GS1 form (EPC URN, Digital Link, element string)')
    .argument('<q>', 'key, alias, name prefix or GS1 form (quote it: element strings contain brackets)')
    .option('--limit <n>', `most results (1-200, default ${DEFAULT_LIMIT})`)
    .option('--json', 'machine-readable JSON (the API\'s search response)')
    .action(async (q: string, o: { limit?: string; json?: boolean }, cmd: Command) => {
      if (q.trim() === '') throw new LgError('LG_BAD_PARAM', 'search needs a query of at least one character', { field: 'q' });
      const limit = intOption('limit', o.limit) ?? DEFAULT_LIMIT;
      const client = await openClient(configOf(cmd));
      try {
        const s = await client.search(q, limit);
        if (o.json) {
          out(JSON.stringify(s, null, 2));
          if (s.count === 0) setExitCode(1);
          return;
        }
        if (s.count === 0) {
          const readAs = readAsLine(q, []);
          // a query that looks like a GS1 identifier and does not parse says so: no match is not "no such item"
          const notes = (s.warnings ?? []).map((w) => `; note: ${w.message}`).join('');
          throw new LgError('LG_NOT_FOUND', `nothing matches '${shown(q)}'${readAs ? ` (${readAs})` : ''}${notes}`, { q, ...(s.warnings ? { warnings: s.warnings } : {}) });
        }
        out(renderSearch(s, limit, client.where).join('\n'));
      } finally {
        await client.close();
      }
    });
}
