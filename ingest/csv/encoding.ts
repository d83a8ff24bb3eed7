/**
 * Encodings of exports. UTF-8 is checked, not assumed: a Windows-1252 or Latin-1 export read as UTF-8
 * would turn every umlaut into U+FFFD, and `SCHRAUBE-Ä` and `SCHRAUBE-Ü` into one part number (one
 * row silently a duplicate of the other). `latin1` is read as Windows-1252, as browsers do (0x80 is €,
 * 0x84 „): ISO-8859-1 uses those bytes for control characters no export contains.
 */
import { isUtf8 } from 'node:buffer';

/** The first invalid byte found in a chunk, by offset in the file. */
export interface BadByte {
  offset: number;
  byte: number;
  /** True for a NUL byte (valid UTF-8, but never text: a UTF-16 file read as UTF-8). */
  nul: boolean;
}

/** Expected length of a UTF-8 sequence by its lead byte (0 for a byte that cannot lead one). */
const seqLen = (b: number): number => (b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0);

/** Offset of the first byte of `buf` that does not belong to valid UTF-8 (the check itself is isUtf8). */
function firstInvalid(buf: Buffer): number {
  for (let i = 0; i < buf.length; ) {
    const n = seqLen(buf[i]!);
    if (n === 0 || i + n > buf.length || !isUtf8(buf.subarray(i, i + n))) return i;
    i += n;
  }
  return buf.length;
}

/** Checks a byte stream is UTF-8 chunk by chunk, carrying a character split across chunks. */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  private seen = 0;
  private first = true;
  /** Off for a file starting with a UTF-16LE BOM (the CSV parser switches to UTF-16 for it). */
  private off = false;

  /** The bytes to parse now, and the first bad byte when there is one (parse the bytes, then stop). */
  next(chunk: Buffer, end = false): { bytes: Buffer; bad?: BadByte } {
    if (this.first && chunk.length > 0) {
      this.first = false;
      this.off = chunk[0] === 0xff && chunk[1] === 0xfe;
    }
    if (this.off) return { bytes: chunk };
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const start = this.seen;
    // a lead byte among the last three whose sequence runs past the chunk: keep it for the next one
    let cut = buf.length;
    if (!end) {
      for (let i = buf.length - 1; i >= Math.max(0, buf.length - 3); i--) {
        const b = buf[i]!;
        if (b < 0x80 || b >= 0xc0) {
          if (b >= 0xc0 && i + seqLen(b) > buf.length) cut = i;
          break;
        }
      }
    }
    this.carry = Buffer.from(buf.subarray(cut));
    buf = buf.subarray(0, cut);
    this.seen += buf.length;
    const nul = buf.indexOf(0);
    if (nul < 0 && isUtf8(buf)) return { bytes: buf };
    const bad = firstInvalid(nul < 0 ? buf : buf.subarray(0, nul));
    const at = nul >= 0 && nul <= bad ? nul : bad;
    return { bytes: buf.subarray(0, at), bad: { offset: start + at, byte: buf[at]!, nul: at === nul } };
  }
}

/** Windows-1252 characters of bytes 0x80-0x9F (the five it leaves undefined stay as they are). */
const CP1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
const C1 = /[\x80-\x9f]/;

/** A Latin-1-decoded field as Windows-1252 (the common case, no C1 byte, returns the same string). */
export function fromLatin1(s: string): string {
  return C1.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80]!) : s;
}

/** Why the file cannot be read as UTF-8, with what to do. */
export function badByteReason(b: BadByte): string {
  const hex = `0x${b.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return b.nul
    ? `NUL byte at byte ${b.offset} of the file: a UTF-16 export? set encoding: utf16le in the mapping file`
    : `not UTF-8: byte ${hex} at byte ${b.offset} of the file; the export is in another encoding: set encoding in the mapping file (latin1 for Windows-1252 or ISO-8859-1, utf16le)`;
}
