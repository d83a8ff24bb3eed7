/** Every CSV template, in the order a directory is ingested (master data first, then flows in time order). */
import type { Template } from './template.ts';
import { customers, equipment, materials, suppliers } from './templates-master.ts';
import { consumptions, operations, packing, productions, receipts, serials, shipmentLines, shipments } from './templates-flow.ts';

export const TEMPLATES: readonly Template[] = [materials, suppliers, customers, equipment, receipts, operations, productions, consumptions, serials, packing, shipments, shipmentLines];

/** Template names, for usage messages and mapping validation. */
export const TEMPLATE_NAMES = TEMPLATES.map((t) => t.name);

/** A template by name (also `shipment-lines`, case-insensitive), or undefined. */
export function templateByName(name: string): Template | undefined {
  const n = name.trim().toLowerCase().replaceAll('-', '_');
  return TEMPLATES.find((t) => t.name === n);
}

/**
 * The template a file name names (`2026-03-receipts.csv` -> receipts): of the names it contains,
 * the one ending last (`raw-materials-receipts.csv` is receipts), then the longest; undefined when none.
 */
export function templateOfFileName(file: string): Template | undefined {
  const base = file.toLowerCase().replaceAll('-', '_').replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  let best: { t: Template; end: number } | undefined;
  for (const t of TEMPLATES) {
    const i = base.lastIndexOf(t.name);
    if (i < 0) continue;
    const end = i + t.name.length;
    if (!best || end > best.end || (end === best.end && t.name.length > best.t.name.length)) best = { t, end };
  }
  return best?.t;
}

/** The template whose required columns a header has, preferring the one covering most columns; undefined when none fits. */
export function templateOfHeader(header: readonly string[]): Template | undefined {
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  let best: { t: Template; score: number } | undefined;
  for (const t of TEMPLATES) {
    if (!t.columns.every((c) => !c.required || have.has(c.name))) continue;
    const score = t.columns.filter((c) => have.has(c.name)).length * 100 - t.columns.length;
    if (!best || score > best.score) best = { t, score };
  }
  return best?.t;
}
