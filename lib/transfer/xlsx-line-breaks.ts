/**
 * Carriage returns in .xlsx cells (issue 11, requirement 5). XML turns a raw CR into LF, so Excel
 * and Roster's export (xlsx-write.ts) write a cell's CR as the escape `_x000D_`. SheetJS decodes
 * that escape and then folds every CR+LF of the cell into LF, so a cell exported as
 * "Once upon a time\r\n…" came back changed and previewed as an update. Before SheetJS parses
 * the package, each `_x000D_` escape in the sheets and the shared strings is rewritten as the
 * escape of a private-use character that occurs nowhere in those parts; the reader turns that
 * character back into CR. An escaped underscore (`_x005F_x000D_`, the text "_x000D_" as typed)
 * is left alone, as SheetJS reads escapes left to right too.
 */

type ZipEntry = { type: number; content?: Uint8Array | number[] };
export type WorkbookZip = { FullPaths: string[]; FileIndex: ZipEntry[] };

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
const TEXT_PARTS = /^xl\/(?:worksheets\/[^/]+|sharedStrings)\.xml$/i;
const FILE = 2;
/**
 * From Unicode's private use area, which no text means anything by unless a file uses it. Only
 * U+E000-U+E009 are tried, whose escapes have one letter (E or e) whatever the case it is written in.
 */
const FIRST_MARKER = 0xe000;
const LAST_MARKER = 0xe009;

/** Rewrites the parts in place; returns the character that stands for CR, or null when no cell holds one. */
export function protectCarriageReturns(zip: WorkbookZip): string | null {
  const parts = zip.FileIndex.filter((entry, i) => entry.type === FILE && entry.content && TEXT_PARTS.test(partName(zip.FullPaths[i])));
  const buffers = parts.map((entry) => Buffer.from(entry.content as Uint8Array));
  if (!buffers.some((b) => b.includes("_x000D_") || b.includes("_x000d_"))) return null;
  const marker = freeMarker(buffers);
  if (marker === null) return null;
  const replacement = `_x${marker.toString(16).toUpperCase()}_`;
  parts.forEach((entry, k) => {
    // Latin-1 keeps every byte as it is: the escapes are ASCII, the UTF-8 around them untouched.
    const xml = buffers[k].toString("latin1");
    entry.content = Buffer.from(xml.replace(ESCAPE, (escape, hex: string) => (hex.toLowerCase() === "000d" ? replacement : escape)), "latin1");
  });
  return String.fromCharCode(marker);
}

export function restoreCarriageReturns(text: string, marker: string | null): string {
  return marker !== null && text.includes(marker) ? text.replaceAll(marker, "\r") : text;
}

function freeMarker(buffers: Buffer[]): number | null {
  for (let code = FIRST_MARKER; code <= LAST_MARKER; code++) {
    const raw = Buffer.from(String.fromCharCode(code), "utf8");
    const hex = code.toString(16);
    const escapes = ["_x", "_X"].flatMap((x) => [`${x}${hex}_`, `${x}${hex.toUpperCase()}_`]);
    const used = buffers.some((b) => b.includes(raw) || escapes.some((e) => b.includes(e)));
    if (!used) return code;
  }
  return null;
}

function partName(path: string): string {
  return path.replace(/^Root Entry\//, "");
}
