/**
 * `lotgraph search` as a user runs it: a child process on a data directory that `lotgraph ingest`
 * filled with examples/plant plus two GS1-keyed serials (material = GTIN-14, as EPCIS gives it);
 * then the same questions through a running server.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { startServer } from '../../api/server.ts';
import { openStore } from '../../graph/open-store.ts';
import { loadConfig } from '../../lib/config.ts';
import { renderSearch } from './search.ts';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'lotgraph.js');
/** Embedded store, and no server unless a test starts one (CI may export NEO4J_URI). */
const ENV = { LOTGRAPH_STORE: 'embedded', LOTGRAPH_SERVER: 'http://127.0.0.1:9', PORT: '8080' };
const SLOW = 180_000;
const GS = String.fromCharCode(0x1d);

const GTIN = '04012345000009';
const SERIAL = `serial:${GTIN}:SP-0042`;
const LOT = `lot:${GTIN}:B2604`;

/** The same serial, as typed, scanned from a 2D code or read from an RFID tag. */
const SERIAL_FORMS = [
  SERIAL,
  `urn:epc:id:sgtin:4012345.000000.SP-0042`,
  `https://scan.example.com/p/01/${GTIN}/21/SP-0042`,
  `]C101${GTIN}21SP-0042`,
  `]d201${GTIN}10B2604${GS}21SP-0042`,
  `(01)${GTIN}(21)SP-0042`,
];
const LOT_FORMS = [LOT, `(01)${GTIN}(10)B2604`, `https://id.gs1.org/01/${GTIN}/10/B2604`, `urn:epc:class:lgtin:4012345.000000.B2604`];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process (asynchronously, so an in-process server can answer it). */
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...ENV }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

let tmp: string;
let data: string;
/** Local answers (--json) by query, compared with the server's. */
const local = new Map<string, unknown>();

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lotgraph-cli-search-'));
  data = join(tmp, 'data');
  const gs1 = join(tmp, 'gs1');
  mkdirSync(gs1);
  writeFileSync(join(gs1, 'materials.csv'), `material,name,gtin,category,uom\n${GTIN},Syringe pump S2,${GTIN},finished,ea\n`);
  writeFileSync(join(gs1, 'serials.csv'), `material,lot,serial,at\n${GTIN},B2604,SP-0042,2026-03-03T12:00:00Z\n${GTIN},B2604,SP-0043,2026-03-03T12:00:00Z\n`);
  const r = await cli(['ingest', 'examples/plant', gs1, '--data', data, '--json']);
  expect(r.code, r.stderr).toBe(0);
}, SLOW);
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** The keys of a --json answer, best first. */
const keysOf = (r: Run): string[] => (JSON.parse(r.stdout) as { results: { key: string }[] }).results.map((n) => n.key);

describe('lotgraph search on a data directory', () => {
  it('finds the same serial first by key, EPC URN, Digital Link and element strings (]C1, ]d2 with GS, brackets)', async () => {
    // One after the other: two CLI processes on one data directory contend for the DuckDB lock.
    for (const q of SERIAL_FORMS) {
      const r = await cli(['search', q, '--json', '--data', data]);
      expect(r.code, `${q}: ${r.stderr}`).toBe(0);
      expect(keysOf(r)[0], q).toBe(SERIAL);
      local.set(q, JSON.parse(r.stdout));
    }
  }, SLOW);

  it('finds the same lot first by key, element string, Digital Link and LGTIN URN', async () => {
    for (const q of LOT_FORMS) {
      const r = await cli(['search', q, '--json', '--data', data]);
      expect(r.code, `${q}: ${r.stderr}`).toBe(0);
      expect(keysOf(r)[0], q).toBe(LOT);
      local.set(q, JSON.parse(r.stdout));
    }
  }, SLOW);

  it('prints a table and says how a GS1 form was read', async () => {
    const r = await cli(['search', `]d201${GTIN}10B2604${GS}21SP-0042`, '--data', data]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^1 match for '\]d2010401234500000910B2604<GS>21SP-0042' — embedded /);
    expect(lines[1]).toBe(`read as SGTIN (01)${GTIN}(10)B2604(21)SP-0042 (element string) → ${SERIAL}`);
    expect(r.stdout).toMatch(/KIND\s+NAME\s+KEY\nSerial\s+SP-0042\s+serial:04012345000009:SP-0042\n/);
  }, SLOW);

  it('searches plain names and prefixes of the example plant; --limit caps and says so', async () => {
    const byName = await cli(['search', 'SN0005', '--json', '--data', data]);
    expect(keysOf(byName)).toEqual(['serial:PUMP-X1:SN0005']);
    // examples/plant keys PUMP-X1 by part number; its GTIN (materials.csv) finds the serial from a scan
    const scanned = await cli(['search', '(01)09506000134352(21)SN0005', '--data', data]);
    expect(scanned.code).toBe(0);
    expect(scanned.stdout.split('\n')[1]).toBe('read as SGTIN (01)09506000134352(21)SN0005 (element string) → serial:PUMP-X1:SN0005 (the material with GTIN 09506000134352)');
    const prefix = await cli(['search', 'SP-00', '--limit', '1', '--data', data]);
    expect(prefix.code).toBe(0);
    expect(prefix.stdout).toMatch(/^1 match for 'SP-00' \(the first 1: raise --limit\)/);
    local.set('SP-00', JSON.parse((await cli(['search', 'SP-00', '--json', '--data', data])).stdout));
  }, SLOW);

  it('exit 2 for an empty query or a bad --limit, exit 1 when nothing matches', async () => {
    const empty = await cli(['search', '  ', '--data', data]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error \[LG_BAD_PARAM\]: search needs a query/);
    const limit = await cli(['search', 'SP', '--limit', '0', '--data', data]);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/^error \[LG_BAD_PARAM\]/);
    const none = await cli(['search', `(01)${GTIN}(21)NOPE`, '--data', data]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`error [LG_NOT_FOUND]: nothing matches '(01)${GTIN}(21)NOPE' (read as SGTIN (01)${GTIN}(21)NOPE (element string); no node has the key serial:${GTIN}:NOPE)\n`);
    // a GS1-looking query that does not parse says why, instead of a bare "nothing matches"
    const bad = await cli(['search', '(01)09506000134353(21)S1', '--data', data]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("error [LG_NOT_FOUND]: nothing matches '(01)09506000134353(21)S1'; note: '(01)09506000134353(21)S1' is not a valid GS1 identifier: check digit of GTIN 0950600013435 3 should be 2\n");
    const badJson = await cli(['search', '(01)09506000134353(21)S1', '--json', '--data', data]);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout).warnings).toEqual([{ code: 'LG_BAD_ID', message: expect.stringMatching(/is not a valid GS1 identifier: check digit/) }]);
    local.set('(01)09506000134353(21)S1', JSON.parse(badJson.stdout));
    const json = await cli(['search', 'no-such-thing', '--json', '--data', data]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ q: 'no-such-thing', count: 0, results: [] });
  }, SLOW);
});

describe('lotgraph search beside a running server', () => {
  it('gives the same answers, in the same order, when the server owns the data directory', async () => {
    expect(local.size).toBe(SERIAL_FORMS.length + LOT_FORMS.length + 2);
    const opened = await openStore({ dataDir: data });
    const config = loadConfig({ data, port: '0' }, { LOG_LEVEL: 'silent' });
    const app = await buildApp({ store: opened.store, db: opened.db, config });
    const server = await startServer(app, config, () => opened.close());
    try {
      for (const [q, answer] of local) {
        const r = await cli(['search', q, '--json', '--data', data, '--server', server.url]);
        expect(r.code, `${q}: ${r.stderr}`).toBe((answer as { count: number }).count === 0 ? 1 : 0);
        expect(JSON.parse(r.stdout), q).toEqual(answer);
      }
      const human = await cli(['search', SERIAL_FORMS[2]!, '--data', data, '--server', server.url]);
      expect(human.stdout).toMatch(/^1 match for .* — server http:/);
      expect(human.stdout.split('\n')[1]).toBe(`read as SGTIN (01)${GTIN}(21)SP-0042 (Digital Link) → ${SERIAL}`);
      const none = await cli(['search', 'no-such-thing', '--data', data, '--server', server.url]);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/^error \[LG_NOT_FOUND\]/);
      const limit = await cli(['search', 'SP', '--limit', '500', '--data', data, '--server', server.url]);
      expect(limit.code).toBe(2);
      expect(limit.stderr).toMatch(/^error \[LG_BAD_PARAM\]/);
    } finally {
      await server.close();
    }
  }, SLOW);
});

describe('renderSearch', () => {
  it('prints each warning of the answer as a note under the count', () => {
    const lines = renderSearch({ q: '(01)09506000134353', count: 0, results: [], warnings: [{ code: 'LG_BAD_ID', message: 'why' }] }, 20, 'embedded');
    expect(lines.slice(0, 2)).toEqual(["0 matches for '(01)09506000134353' — embedded", 'note: why']);
  });
});
