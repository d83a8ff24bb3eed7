/** Test helpers: the LgError a call throws; one SSCC and one SGTIN in every form. */
import { isLgError } from '../../lib/errors.ts';

/** The LgError a call throws (code, message, details), or a failure when it throws none. */
export function codeOf(f: () => unknown): { code: string; message: string; details: unknown } {
  try {
    f();
  } catch (e) {
    if (isLgError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('expected an LgError');
}

/** SSCC 106141412345678908 as EPC URN, Digital Link, bracketed, raw (with and without symbology id) and bare. */
export const SSCC_FORMS = ['urn:epc:id:sscc:0614141.1234567890', 'https://example.org/00/106141412345678908', '(00)106141412345678908', '00106141412345678908', ']C100106141412345678908', '106141412345678908'];
/** SGTIN 09506000134352 / 123 as EPC URN, Digital Link, bracketed and raw (with a symbology id, and with a GS). */
export const SGTIN_FORMS = ['urn:epc:id:sgtin:9506000.013435.123', 'https://id.gs1.org/01/09506000134352/21/123', '(01)09506000134352(21)123', ']d20109506000134352' + '21123', '010950600013435221123\u001d'];
