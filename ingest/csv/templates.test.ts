import { describe, expect, it } from 'vitest';
import { TEMPLATES, templateOfFileName, templateOfHeader } from './templates.ts';

describe('template detection', () => {
  it('by file name: the template named last wins', () => {
    expect(templateOfFileName('data/2026-03-receipts.csv')?.name).toBe('receipts');
    expect(templateOfFileName('raw-materials-receipts.csv')?.name).toBe('receipts');
    expect(templateOfFileName('shipment-lines.csv')?.name).toBe('shipment_lines');
    expect(templateOfFileName('shipments.csv')?.name).toBe('shipments');
    expect(templateOfFileName('export.csv')).toBeUndefined();
  });

  it('by header: required columns present, most columns covered', () => {
    expect(templateOfHeader(['operation', 'material', 'lot', 'consumed_at'])?.name).toBe('consumptions');
    expect(templateOfHeader(['operation', 'material', 'lot', 'produced_at'])?.name).toBe('productions');
    expect(templateOfHeader(['shipment', 'customer', 'shipped_at', 'carrier'])?.name).toBe('shipments');
    expect(templateOfHeader(['shipment', 'customer', 'shipped_at', 'material', 'lot'])?.name).toBe('shipment_lines');
    expect(templateOfHeader(['a', 'b'])).toBeUndefined();
  });

  it('no template column uses a name NDJSON events reserve (type, id)', () => {
    for (const t of TEMPLATES) for (const c of t.columns) expect(['type', 'id'], `${t.name}.${c.name}`).not.toContain(c.name);
  });
});
