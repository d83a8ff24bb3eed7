/**
 * Units of EPCIS quantity elements. EPCIS (and CBV) give `uom` as UN/CEFACT Recommendation 20
 * codes (KGM, LTR, EA...); CSV and NDJSON give lotgraph's unit words (kg, l, ea: ingest/csv/units.ts).
 * The same quantity must read the same whichever source said it (a recall sums and reports them), so
 * the common codes are translated to those words. Other values are kept as given; the raw event in
 * the ingest log keeps the original.
 */

/** Rec 20 code -> lotgraph unit word. */
export const REC20_UNITS: Readonly<Record<string, string>> = {
  KGM: 'kg', GRM: 'g', MGM: 'mg', TNE: 't', LBR: 'lb', ONZ: 'oz',
  LTR: 'l', MLT: 'ml', MTQ: 'm3', GLL: 'gal',
  MTR: 'm', CMT: 'cm', MMT: 'mm', KMT: 'km', FOT: 'ft', INH: 'in', MTK: 'm2',
  EA: 'ea', C62: 'ea', H87: 'pcs', SET: 'set', RO: 'roll', BX: 'box', CS: 'case', PF: 'pallet', BG: 'bag',
};

/** The lotgraph unit word of an EPCIS uom (a Rec 20 code, case as the standard writes it), else the value as given. */
export const unitOf = (uom: string): string => REC20_UNITS[uom.trim()] ?? uom;
