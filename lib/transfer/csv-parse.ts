import { ImportFileError } from "./import-file-error";
import { cellTooLong, tooManyColumns, tooManyRows, type TableBounds } from "./table-bounds";

const QUOTE = 34;
const LF = 10;
const CR = 13;
const DELIMITERS = [",", ";", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The delimiter is read from the header line only, outside quotes: data rows hold free text
 * (addresses, titles with commas) that would skew a count over the whole file. The most frequent
 * of comma, semicolon and tab wins; a one-column file has none and reads the same with any.
 */
export function detectDelimiter(text: string, preferTab = false): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  if (preferTab && counts.get("\t")! > 0) return "\t";
  return DELIMITERS.reduce((best, d) => (counts.get(d)! > counts.get(best)! ? d : best));
}

/**
 * RFC 4180 records: quoted fields with doubled quotes, delimiters and line breaks inside quotes,
 * CRLF, LF or CR line ends, with or without a final line end. Text around a quoted part (`"a"b`)
 * is kept as typed rather than refused, as spreadsheets do. Stops at the first record past the
 * row limit (the header is one more record), the first row wider than the column limit and the
 * first cell longer than the cell limit, so that a hostile file is refused before it fills memory.
 */
export function parseDelimited(text: string, delimiter: Delimiter, bounds: TableBounds): string[][] {
  const { maxColumns, maxCellLength } = bounds;
  const maxRecords = bounds.maxRows + 1;
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  const records: string[][] = [];
  let row: string[] = [];
  let line = 1;
  let i = 0;
  // Slices and concatenations are cheap in V8 (they share the text), so a long cell costs
  // little until it is kept: it is measured here, before it reaches a record.
  const push = (value: string) => {
    if (value.length > maxCellLength) throw cellTooLong(records.length + 1, row.length, value.length, maxCellLength);
    if (row.length === maxColumns) throw tooManyColumns(records.length + 1, maxColumns);
    row.push(value);
  };
  while (i < n) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      const openedOn = line;
      value = "";
      let start = i + 1;
      for (;;) {
        const q = text.indexOf('"', start);
        if (q === -1) {
          throw new ImportFileError(
            `A quoted value opened on line ${openedOn} is never closed: a quote (") is missing. Check that line in the file.`,
          );
        }
        value += text.slice(start, q);
        line += countLineEnds(text, start, q);
        if (text.charCodeAt(q + 1) !== QUOTE) {
          i = q + 1;
          break;
        }
        value += '"';
        start = q + 2;
      }
      const end = fieldEnd(text, i, d);
      if (end > i) value += text.slice(i, end);
      i = end;
    } else {
      const end = fieldEnd(text, i, d);
      value = text.slice(i, end);
      i = end;
    }
    push(value);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i >= n) push("");
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    records.push(row);
    row = [];
    if (records.length > maxRecords) throw tooManyRows(bounds.maxRows);
  }
  if (row.length > 0) records.push(row);
  if (records.length > maxRecords) throw tooManyRows(bounds.maxRows);
  return records;
}

function fieldEnd(text: string, from: number, d: number): number {
  let j = from;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === d || c === LF || c === CR) break;
  }
  return j;
}

function countLineEnds(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) count++;
  }
  return count;
}
