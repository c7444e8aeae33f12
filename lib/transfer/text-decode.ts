import { isUtf8 } from "node:buffer";
import { ImportFileError } from "./import-file-error";

/** A BOM decides, else valid UTF-8 is UTF-8 and anything else Windows-1252 (docs/decisions/006-windows-1252-table.md). */
export function decodeText(bytes: Buffer, name: string): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  // A NUL byte never occurs in UTF-8 or 1252 text: this is a binary file or UTF-16 without its BOM.
  if (bytes.includes(0)) {
    throw new ImportFileError(
      `${name} does not look like a text file (it holds binary data, or UTF-16 text without a byte order mark). Save it from your spreadsheet as "CSV UTF-8".`,
    );
  }
  return isUtf8(bytes) ? new TextDecoder("utf-8").decode(bytes) : decodeWindows1252(bytes);
}

/**
 * Node's TextDecoder("windows-1252") decodes as ISO-8859-1, which turns 0x80-0x9F (€, œ, curly
 * quotes, dashes) into control characters; those 32 bytes are mapped here, the rest is Latin-1.
 */
const CP1252_80_9F = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString("latin1").replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}

export function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}
