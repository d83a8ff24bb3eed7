/** `lotgraph trace <id> --forward|--backward [--as-of T] [--depth N] [--limit N] [--kinds a,b] [--paths] [--json]`. */
import type { Command } from 'commander';
import { LgError } from '../../lib/errors.ts';
import type { TraceView } from '../../api/queries.ts';
import { openClient } from '../client.ts';
import { configOf, out } from '../context.ts';
import { intOption } from '../options.ts';
import { countsLine, table } from '../table.ts';

interface TraceOpts {
  forward?: boolean;
  backward?: boolean;
  asOf?: string;
  depth?: string;
  limit?: string;
  kinds?: string;
  paths?: boolean;
  json?: boolean;
}

/** Human rendering: summary line, counts by kind, then a table in breadth-first order. */
export function renderTrace(t: TraceView, where: string): string[] {
  const byKind: Record<string, number> = {};
  let maxDepth = 0;
  for (const n of t.nodes.slice(1)) {
    byKind[n.kind] = (byKind[n.kind] ?? 0) + 1;
    maxDepth = Math.max(maxDepth, n.depth);
  }
  const lines = [
    `${t.direction} trace from ${t.origin.key} (${t.origin.kind}) — ${where}`,
    `${(t.count - 1).toLocaleString('en-US')} nodes reached, max depth ${maxDepth}${t.truncated ? ', TRUNCATED at the node limit (raise --limit)' : ''}`,
  ];
  if (t.count > 1) lines.push(`by kind: ${countsLine(byKind)}`);
  lines.push('');
  lines.push(...table(['DEPTH', 'KIND', 'LABEL', 'VIA', 'KEY'], t.nodes.map((n) => [n.depth, n.kind, n.label, n.edge ?? '', n.key])));
  if (t.nodes.some((n) => n.path)) {
    lines.push('', 'witness paths:');
    for (const n of t.nodes.slice(1, 51)) lines.push(`  ${n.label}: ${(n.path ?? []).map((s) => (s.edge ? `-${s.edge}-> ${s.key}` : s.key)).join(' ')}`);
  }
  return lines;
}

/** Registers `trace`. */
export function register(program: Command): void {
  program
    .command('trace')
    .description('trace forward (where did it go) or backward (where did it come from) from a lot, serial or any entity')
    .argument('<id>', 'key, alias or GS1 form of the origin')
    .option('--forward', 'follow material flow forward')
    .option('--backward', 'follow material flow backward')
    .option('--as-of <time>', 'ignore edges later than this instant (ISO-8601)')
    .option('--depth <n>', 'maximum depth (0-1000)')
    .option('--limit <n>', 'node cap (the result says when it bites)')
    .option('--kinds <list>', 'only these node kinds, comma-separated (e.g. Lot,Serial)')
    .option('--paths', 'include each node\'s witness path')
    .option('--json', 'machine-readable JSON (the API\'s trace response)')
    .action(async (id: string, o: TraceOpts, cmd: Command) => {
      if (Boolean(o.forward) === Boolean(o.backward)) throw new LgError('LG_BAD_PARAM', 'trace needs exactly one of --forward or --backward', { field: 'direction' });
      const params = {
        id,
        direction: o.forward ? ('forward' as const) : ('backward' as const),
        depth: intOption('depth', o.depth),
        limit: intOption('limit', o.limit),
        asOf: o.asOf,
        kinds: o.kinds,
        paths: o.paths === true,
      };
      const client = await openClient(configOf(cmd));
      try {
        const t = await client.trace(params);
        if (o.json) out(JSON.stringify(t, null, 2));
        else out(renderTrace(t, client.where).join('\n'));
      } finally {
        await client.close();
      }
    });
}
