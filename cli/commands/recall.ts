/**
 * `lotgraph recall <id...> | --equipment ID --from T --to T | --supplier ID --from T --to T
 * [--as-of T] [--csv|--json]`: affected finished lots and serials, stock vs shipped, customers.
 */
import type { Command } from 'commander';
import type { RecallImpact, RecallQuery } from '../../graph/store.ts';
import { LgError } from '../../lib/errors.ts';
import { openClient } from '../client.ts';
import { configOf, out } from '../context.ts';
import { intOption } from '../options.ts';
import { table, when } from '../table.ts';

interface RecallOpts {
  equipment?: string;
  supplier?: string;
  from?: string;
  to?: string;
  asOf?: string;
  limit?: string;
  csv?: boolean;
  json?: boolean;
}

/** Builds the recall query from arguments (LG_BAD_PARAM when a window is half given). */
export function recallQueryOf(ids: string[], o: RecallOpts): RecallQuery {
  const q: RecallQuery = {};
  if (ids.length > 0) q.suspects = ids;
  if (o.equipment && o.supplier) throw new LgError('LG_BAD_PARAM', 'give --equipment or --supplier, not both (run two recalls)', { field: 'supplier' });
  const win = o.equipment ?? o.supplier;
  if (win !== undefined) {
    if (o.from === undefined || o.to === undefined) throw new LgError('LG_BAD_PARAM', `--${o.equipment ? 'equipment' : 'supplier'} needs --from and --to`, { field: o.from === undefined ? 'from' : 'to' });
    q[o.equipment ? 'equipment' : 'supplier'] = { id: win, from: o.from, to: o.to };
  } else if (o.from !== undefined || o.to !== undefined) {
    throw new LgError('LG_BAD_PARAM', '--from/--to go with --equipment or --supplier', { field: 'from' });
  }
  if (o.asOf !== undefined) q.asOf = o.asOf;
  const limit = intOption('limit', o.limit);
  if (limit !== undefined) q.limit = limit;
  return q;
}

/** Human rendering: totals, then finished lots, serials and customers as tables. */
export function renderRecall(r: RecallImpact, where: string): string[] {
  const t = r.totals;
  const n = (x: number) => x.toLocaleString('en-US');
  const shown = r.suspects.slice(0, 5).map((s) => s.key).join(', ');
  const more = r.suspects.length > 5 ? ` and ${n(r.suspects.length - 5)} more` : '';
  const lines = [
    `recall impact of ${r.suspects.length === 1 ? '' : `${n(r.suspects.length)} suspects: `}${shown}${more} — ${where}`,
    `${n(t.finishedLots)} finished lots, ${n(t.serials)} serials (${n(t.serialsShipped)} shipped, ${n(t.serialsInStock)} in stock), ${n(t.shipments)} shipments, ${n(t.customers)} customers; ${n(t.operations)} operations, ${n(t.nodesReached)} nodes reached${r.truncated ? ' — TRUNCATED at the node limit (raise --limit)' : ''}`,
    '',
    'finished lots:',
    ...table(['STATUS', 'QTY', 'SHIPPED', 'IN STOCK', 'UOM', 'LOT', 'KEY'], r.finishedLots.map((l) => [l.status, l.quantity, l.shippedQuantity, l.inStockQuantity, l.uom, l.lotNumber, l.key])),
    '',
    'serials:',
    ...table(['STATUS', 'SERIAL', 'LOT', 'SHIPMENTS'], r.serials.map((s) => [s.status, s.serialNumber, s.lot, s.shipments.join(' ')])),
    '',
    'customers:',
    ...table(['SHIPMENTS', 'CUSTOMER', 'NAME'], r.customers.map((c) => [c.shipments, c.key, c.name])),
  ];
  if (r.shipments.length > 0) lines.push('', 'shipments:', ...table(['AT', 'SHIPMENT', 'CUSTOMERS'], r.shipments.map((s) => [when(s.at), s.key, s.customers.join(' ')])));
  return lines;
}

/** Registers `recall`. */
export function register(program: Command): void {
  program
    .command('recall')
    .description('recall impact of suspect lots/serials, an equipment in a time window, or a supplier in a date window')
    .argument('[ids...]', 'suspect lots, serials or containers (key, alias or GS1 form)')
    .option('--equipment <id>', 'suspect equipment (with --from and --to)')
    .option('--supplier <id>', 'suspect supplier (with --from and --to)')
    .option('--from <time>', 'window start (ISO-8601)')
    .option('--to <time>', 'window end (ISO-8601)')
    .option('--as-of <time>', 'what was known at this instant')
    .option('--limit <n>', 'node cap for the underlying trace')
    .option('--csv', 'CSV of affected finished lots and serials')
    .option('--json', 'machine-readable JSON (the API\'s recall response)')
    .action(async (ids: string[], o: RecallOpts, cmd: Command) => {
      if (o.csv && o.json) throw new LgError('LG_BAD_PARAM', 'give --csv or --json, not both', { field: 'format' });
      const q = recallQueryOf(ids, o);
      const client = await openClient(configOf(cmd));
      try {
        if (o.csv) process.stdout.write(await client.recallCsv(q));
        else {
          const r = await client.recall(q);
          out(o.json ? JSON.stringify(r, null, 2) : renderRecall(r, client.where).join('\n'));
        }
      } finally {
        await client.close();
      }
    });
}
