/**
 * Units of measure a CSV quantity may carry, and the conversions a mapping file declares. Unknown
 * units are rejected rather than guessed: a recall's quantities are only as good as their units.
 */

/** Units accepted without a mapping (UN/CEFACT-ish short forms plants use), compared case-insensitively. */
export const KNOWN_UNITS: readonly string[] = [
  'ea', 'pcs', 'pc', 'unit', 'units', 'each',
  'kg', 'g', 'mg', 't', 'lb', 'oz',
  'l', 'ml', 'm3', 'gal',
  'm', 'cm', 'mm', 'km', 'ft', 'in', 'm2',
  'roll', 'box', 'case', 'pallet', 'reel', 'sheet', 'bag', 'set',
];

/** A conversion of one source unit into another: `qty * factor` in `to`. */
export interface UnitConversion {
  to: string;
  factor: number;
}

/**
 * Normalises units: converts by the mapping's table first, then checks the unit is known and writes it
 * one way (`KG` and `kg` are one unit: the built-in spelling, else the one the mapping declares).
 */
export class Units {
  /** Lower-cased unit -> its one spelling. */
  private readonly known: Map<string, string>;
  private readonly convert: Map<string, UnitConversion>;

  constructor(conversions: Record<string, UnitConversion> = {}, extraKnown: readonly string[] = []) {
    this.convert = new Map(Object.entries(conversions).map(([k, v]) => [k.trim().toLowerCase(), v]));
    const spellings = [...[...this.convert.values()].map((c) => c.to.trim()), ...extraKnown.map((u) => u.trim()), ...KNOWN_UNITS];
    this.known = new Map(spellings.map((u) => [u.toLowerCase(), u]));
  }

  /** The quantity and unit after conversion, or an error reason for an unknown unit. */
  apply(qty: number | null, uom: string): { qty: number | null; uom: string } | { error: string } {
    const u = uom.trim();
    const c = this.convert.get(u.toLowerCase());
    if (c) return { qty: qty === null ? null : roundQty(qty * c.factor), uom: this.known.get(c.to.trim().toLowerCase())! };
    const k = this.known.get(u.toLowerCase());
    if (k === undefined) return { error: `unknown unit '${u}' (declare it under "units" in the mapping file)` };
    return { qty, uom: k };
  }
}

/** Rounds away binary noise from a conversion (0.1 * 3 -> 0.3), keeping 9 significant decimals. */
const roundQty = (x: number): number => Math.round(x * 1e9) / 1e9;
