/** `lotgraph stats [--json]`: counts of nodes and edges by kind. */
import type { Command } from 'commander';
import { openClient, type StatsView } from '../client.ts';
import { configOf, out } from '../context.ts';
import { table } from '../table.ts';

/** Human rendering: totals, then one table of node kinds and one of edge kinds. */
export function renderStats(s: StatsView, where: string): string[] {
  const rows = (m: Record<string, number | undefined>) => Object.entries(m).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).map(([k, n]) => [k, n ?? 0]);
  return [
    `${s.store} store — ${where}`,
    `${s.nodes.toLocaleString('en-US')} nodes, ${s.edges.toLocaleString('en-US')} edges`,
    '',
    ...table(['NODE KIND', 'COUNT'], rows(s.nodesByKind)),
    '',
    ...table(['EDGE KIND', 'COUNT'], rows(s.edgesByKind)),
  ];
}

/** Registers `stats`. */
export function register(program: Command): void {
  program
    .command('stats')
    .description('counts of nodes and edges by kind')
    .option('--json', 'machine-readable JSON (the API\'s stats response)')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const client = await openClient(configOf(cmd));
      try {
        const s = await client.stats();
        out(o.json ? JSON.stringify(s, null, 2) : renderStats(s, client.where).join('\n'));
      } finally {
        await client.close();
      }
    });
}
