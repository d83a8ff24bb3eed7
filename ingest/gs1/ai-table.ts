/**
 * GS1 Application Identifiers we understand: length (fixed or maximum), character set, name, and
 * whether the value carries a mod-10 check digit or is a YYMMDD date. Measures are matched by
 * pattern: the families 310n–316n, 320n–337n, 340n–357n and 360n–369n, n = 0–5 implied decimal
 * places. Source: GS1 General Specifications §3 (the AI table of §3.2). An AI missing here is an
 * error in a raw element string (its length is unknown, so the rest cannot be split); delimited
 * forms keep it with a warning (identifier.ts).
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

const x = (ai: string, name: string, length: number): AiSpec => f(ai, name, length, { format: 'X' });
/** A range of AIs sharing one spec, e.g. 7230–7239 or 390n (n = 0–9). */
const range = (from: number, to: number, make: (ai: string) => AiSpec): AiSpec[] =>
  Array.from({ length: to - from + 1 }, (_, i) => make(String(from + i)));

/**
 * The AIs of the GS1 General Specifications (§3.2), apart from the measures (pattern below).
 * A composite format such as N3+X..9 (a country code, then data) is kept as its overall length
 * and character set: lotgraph stores these values, it does not interpret them.
 */
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
  v('243', 'PCN', 20),
  v('250', 'SECONDARY SERIAL', 30),
  v('251', 'REF. TO SOURCE', 30),
  v('253', 'GDTI', 30, 'X', { checkDigit: 13 }),
  v('254', 'GLN EXTENSION COMPONENT', 20),
  v('255', 'GCN', 25, 'N', { minLength: 13, checkDigit: 13 }),
  v('30', 'VAR. COUNT', 8, 'N'),
  v('37', 'COUNT', 8, 'N'),
  // Amounts and prices: n is the implied decimals, but they are money, not measures (kept as given).
  ...range(3900, 3909, (ai) => v(ai, 'AMOUNT', 15, 'N')),
  ...range(3910, 3919, (ai) => v(ai, 'AMOUNT', 18, 'N', { minLength: 4 })),
  ...range(3920, 3929, (ai) => v(ai, 'PRICE', 15, 'N')),
  ...range(3930, 3939, (ai) => v(ai, 'PRICE', 18, 'N', { minLength: 4 })),
  ...range(3940, 3943, (ai) => f(ai, 'PRCNT OFF', 4)),
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
  v('421', 'SHIP TO POST', 12, 'X', { minLength: 4 }),
  v('422', 'ORIGIN', 3, 'N', { minLength: 3 }),
  v('423', 'COUNTRY - INITIAL PROCESS.', 15, 'N', { minLength: 3 }),
  f('424', 'COUNTRY - PROCESS.', 3),
  v('425', 'COUNTRY - DISASSEMBLY', 15, 'N', { minLength: 3 }),
  f('426', 'COUNTRY - FULL PROCESS', 3),
  v('427', 'ORIGIN SUBDIVISION', 3),
  v('4300', 'SHIP TO COMP', 35), v('4301', 'SHIP TO NAME', 35),
  v('4302', 'SHIP TO ADD1', 70), v('4303', 'SHIP TO ADD2', 70), v('4304', 'SHIP TO SUB', 70),
  v('4305', 'SHIP TO LOC', 70), v('4306', 'SHIP TO REG', 70), x('4307', 'SHIP TO COUNTRY', 2),
  v('4308', 'SHIP TO PHONE', 30), f('4309', 'SHIP TO GEO', 20),
  v('4310', 'RTN TO COMP', 35), v('4311', 'RTN TO NAME', 35),
  v('4312', 'RTN TO ADD1', 70), v('4313', 'RTN TO ADD2', 70), v('4314', 'RTN TO SUB', 70),
  v('4315', 'RTN TO LOC', 70), v('4316', 'RTN TO REG', 70), x('4317', 'RTN TO COUNTRY', 2),
  v('4318', 'RTN TO POST', 20), v('4319', 'RTN TO PHONE', 30),
  v('4320', 'SRV DESCRIPTION', 35),
  f('4321', 'DANGEROUS GOODS', 1), f('4322', 'AUTH LEAVE', 1), f('4323', 'SIG REQUIRED', 1),
  f('4324', 'NBEF DEL DT', 10), f('4325', 'NAFT DEL DT', 10), d('4326', 'REL DATE'),
  // Temperatures: six digits, then an optional minus sign.
  ...['4330', '4331', '4332', '4333'].map((ai) => v(ai, ai < '4332' ? 'MAX TEMP' : 'MIN TEMP', 7, 'X', { minLength: 6 })),
  f('7001', 'NSN', 13),
  v('7002', 'MEAT CUT', 30),
  f('7003', 'EXPIRY TIME', 10),
  v('7004', 'ACTIVE POTENCY', 4, 'N'),
  v('7005', 'CATCH AREA', 12),
  d('7006', 'FIRST FREEZE DATE'),
  // A date or a date range (YYMMDD[YYMMDD]); only its length is checked here.
  v('7007', 'HARVEST DATE', 12, 'N', { minLength: 6 }),
  v('7008', 'AQUATIC SPECIES', 3),
  v('7009', 'FISHING GEAR TYPE', 10),
  v('7010', 'PROD METHOD', 2),
  v('7011', 'TEST BY DATE', 10, 'N', { minLength: 6 }),
  v('7020', 'REFURB LOT', 20), v('7021', 'FUNC STAT', 20), v('7022', 'REV STAT', 20),
  v('7023', 'GIAI - ASSEMBLY', 30),
  ...range(7030, 7039, (ai) => v(ai, 'PROCESSOR # s', 30, 'X', { minLength: 4 })),
  x('7040', 'UIC+EXT', 4),
  ...range(710, 716, (ai) => v(ai, 'NHRN', 20)),
  ...range(7230, 7239, (ai) => v(ai, 'CERT # s', 30, 'X', { minLength: 3 })),
  v('7240', 'PROTOCOL', 20),
  f('8001', 'DIMENSIONS', 14),
  v('8002', 'CMT No.', 20),
  v('8003', 'GRAI', 30, 'X', { minLength: 14, checkDigit: 14, startsWith: '0' }),
  v('8004', 'GIAI', 30),
  f('8005', 'PRICE PER UNIT', 6),
  f('8006', 'ITIP', 18, { checkDigit: 14 }),
  v('8007', 'IBAN', 34),
  // YYMMDDHH, then optional minutes and seconds.
  v('8008', 'PROD TIME', 12, 'N', { minLength: 8 }),
  v('8009', 'OPTSEN', 50),
  v('8010', 'CPID', 30),
  v('8011', 'CPID SERIAL', 12, 'N'),
  v('8012', 'VERSION', 20),
  v('8013', 'GMN', 25),
  v('8014', 'MUDI', 25),
  f('8017', 'GSRN - PROVIDER', 18, { checkDigit: 'whole' }),
  f('8018', 'GSRN - RECIPIENT', 18, { checkDigit: 'whole' }),
  v('8019', 'SRIN', 10, 'N'),
  v('8020', 'REF No.', 25),
  f('8026', 'ITIP CONTENT', 18, { checkDigit: 14 }),
  v('8030', 'DIGSIG', 90),
  v('8110', 'COUPON', 70),
  f('8111', 'POINTS', 4),
  v('8112', 'COUPON', 70),
  v('8200', 'PRODUCT URL', 70),
  v('90', 'INTERNAL', 30),
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'].map((ai) => v(ai, 'INTERNAL', 90)),
];

const TABLE = new Map(SPECS.map((s) => [s.ai, s]));
/** 310n–316n, 320n–337n, 340n–357n, 360n–369n; n (decimals) 0–5. 317–319, 338–339, 358–359 do not exist. */
const MEASURE = /^3(?:1[0-6]|2\d|3[0-7]|4\d|5[0-7]|6\d)[0-5]$/;

/**
 * How many digits an AI has, fixed by its first two (GS1 keeps all AIs sharing two leading digits
 * the same length). Prefixes GS1 has not used yet are absent.
 */
const AI_DIGITS: Record<string, number> = {};
for (let p = 0; p <= 22; p++) AI_DIGITS[String(p).padStart(2, '0')] = 2;
for (const p of ['30', '37', '90', '91', '92', '93', '94', '95', '96', '97', '98', '99']) AI_DIGITS[p] = 2;
for (const p of ['23', '24', '25', '40', '41', '42', '71']) AI_DIGITS[p] = 3;
for (const p of ['31', '32', '33', '34', '35', '36', '39', '43', '70', '72', '80', '81', '82']) AI_DIGITS[p] = 4;

/**
 * Why `ai` (2–4 digits, not in the table) cannot be a GS1 AI, or null when it could be one we do
 * not know yet (an AI of a later General Specifications release). The measures 31nn–36nn are a
 * closed family: every one GS1 defines matches MEASURE, so 3170 is no AI at all.
 */
export function notAnAi(ai: string): string | null {
  const digits = AI_DIGITS[ai.slice(0, 2)];
  if (digits !== undefined && ai.length !== digits) return `AIs starting ${ai.slice(0, 2)} have ${digits} digits`;
  if (/^3[1-6]/.test(ai)) return 'GS1 defines no such measure (310n–316n, 320n–337n, 340n–357n, 360n–369n with n 0–5)';
  return null;
}

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
