/**
 * GS1 Application Identifiers we understand: length (fixed or maximum), character set, name, and
 * whether the value carries a mod-10 check digit or is a YYMMDD date. Measures are matched by
 * pattern: the families 310n–316n, 320n–337n, 340n–357n and 360n–369n, n = 0–5 implied decimal
 * places. Source: GS1 General Specifications §3 and the GS1 Barcode Syntax Dictionary.
 */

export interface AiSpec {
  ai: string;
  name: string;
  /** 'N' digits only, 'X' GS1 character set 82 (other printable characters are kept, with a warning: identifier.ts). */
  format: 'N' | 'X';
  /** Exact length when `fixed`, else maximum length. */
  length: number;
  fixed: boolean;
  /** Minimum length of a variable-length value (default 1). */
  minLength?: number;
  /** 'whole': the value ends with its check digit; a number n: its first n characters are digits ending with one. */
  checkDigit?: 'whole' | number;
  /** A fixed prefix the value must start with (8003: the GRAI's leading zero). */
  startsWith?: string;
  date?: boolean;
  /** Implied decimal places of a measure (310n–369n). */
  decimals?: number;
}

const f = (ai: string, name: string, length: number, extra: Partial<AiSpec> = {}): AiSpec =>
  ({ ai, name, format: 'N', length, fixed: true, ...extra });
const v = (ai: string, name: string, length: number, format: 'N' | 'X' = 'X', extra: Partial<AiSpec> = {}): AiSpec =>
  ({ ai, name, format, length, fixed: false, ...extra });
const d = (ai: string, name: string): AiSpec => f(ai, name, 6, { date: true });

const SPECS: AiSpec[] = [
  f('00', 'SSCC', 18, { checkDigit: 'whole' }),
  f('01', 'GTIN', 14, { checkDigit: 'whole' }),
  f('02', 'CONTENT', 14, { checkDigit: 'whole' }),
  v('10', 'BATCH/LOT', 20),
  d('11', 'PROD DATE'), d('12', 'DUE DATE'), d('13', 'PACK DATE'), d('15', 'BEST BEFORE'),
  d('16', 'SELL BY'), d('17', 'USE BY / EXPIRY'),
  f('20', 'VARIANT', 2),
  v('21', 'SERIAL', 20),
  v('22', 'CPV', 20),
  v('235', 'TPX', 28),
  v('240', 'ADDITIONAL ID', 30),
  v('241', 'CUST. PART No.', 30),
  v('242', 'MTO VARIANT', 6, 'N'),
  v('250', 'SECONDARY SERIAL', 30),
  v('251', 'REF. TO SOURCE', 30),
  v('253', 'GDTI', 30, 'X', { checkDigit: 13 }),
  v('254', 'GLN EXTENSION COMPONENT', 20),
  v('30', 'VAR. COUNT', 8, 'N'),
  v('37', 'COUNT', 8, 'N'),
  v('400', 'ORDER NUMBER', 30),
  v('401', 'GINC', 30),
  f('402', 'GSIN', 17, { checkDigit: 'whole' }),
  v('403', 'ROUTE', 30),
  f('410', 'SHIP TO LOC', 13, { checkDigit: 'whole' }),
  f('411', 'BILL TO', 13, { checkDigit: 'whole' }),
  f('412', 'PURCHASE FROM', 13, { checkDigit: 'whole' }),
  f('413', 'SHIP FOR LOC', 13, { checkDigit: 'whole' }),
  f('414', 'LOC No.', 13, { checkDigit: 'whole' }),
  f('415', 'PAY TO', 13, { checkDigit: 'whole' }),
  f('416', 'PROD/SERV LOC', 13, { checkDigit: 'whole' }),
  f('417', 'PARTY', 13, { checkDigit: 'whole' }),
  v('420', 'SHIP TO POST', 20),
  v('422', 'ORIGIN', 3, 'N', { minLength: 3 }),
  f('7003', 'EXPIRY TIME', 10),
  v('8003', 'GRAI', 30, 'X', { minLength: 14, checkDigit: 14, startsWith: '0' }),
  v('8004', 'GIAI', 30),
  v('8020', 'REF No.', 25),
  v('90', 'INTERNAL', 30),
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'].map((ai) => v(ai, 'INTERNAL', 90)),
];

const TABLE = new Map(SPECS.map((s) => [s.ai, s]));
/** 310n–316n, 320n–337n, 340n–357n, 360n–369n; n (decimals) 0–5. 317–319, 338–339, 358–359 do not exist. */
const MEASURE = /^3(?:1[0-6]|2\d|3[0-7]|4\d|5[0-7]|6\d)[0-5]$/;

/** The spec of an AI, or undefined when we do not know it. */
export function aiSpec(ai: string): AiSpec | undefined {
  const s = TABLE.get(ai);
  if (s) return s;
  if (MEASURE.test(ai)) return { ai, name: `MEASURE ${ai.slice(0, 3)}`, format: 'N', length: 6, fixed: true, decimals: Number(ai[3]) };
  return undefined;
}

/** The AI at the start of `digits` (2, 3 or 4 characters), or undefined when none is known. */
export function aiAt(s: string, at: number): AiSpec | undefined {
  for (const n of [2, 3, 4]) {
    const ai = s.slice(at, at + n);
    if (ai.length === n && /^\d+$/.test(ai)) {
      const spec = aiSpec(ai);
      if (spec) return spec;
    }
  }
  return undefined;
}
