/**
 * Counting an .xlsx's rows without parsing it: the 1,048,576 rows of a full sheet took SheetJS
 * 34 s to parse before they could be refused. The package's parts are already unpacked to check
 * their sizes (zip-contents.ts); counting the closing row tags of the first sheet there costs a
 * scan of its XML. An empty row is written as `<row …/>` and has no closing tag: only rows with
 * cells count.
 */

const LT = 0x3c;
const SLASH = 0x2f;
const COLON = 0x3a;

/** Rows holding cells in a worksheet part: `</row>`, or `</x:row>` with a namespace prefix. */
export function countSheetRows(xml: Buffer): number {
  let rows = 0;
  for (let at = xml.indexOf("row>"); at !== -1; at = xml.indexOf("row>", at + 4)) {
    const before = xml[at - 1];
    if (before === SLASH && xml[at - 2] === LT) rows++;
    else if (before === COLON && closesPrefixed(xml, at - 2)) rows++;
  }
  return rows;
}

function closesPrefixed(xml: Buffer, end: number): boolean {
  let p = end;
  while (p > 0 && isNameByte(xml[p])) p--;
  return p < end && xml[p] === SLASH && xml[p - 1] === LT;
}

function isNameByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2d || b === 0x2e;
}

/**
 * The part holding the workbook's first sheet, as Excel opens it: the first `<sheet>` of
 * xl/workbook.xml, through its relationship id in xl/_rels/workbook.xml.rels. Null when the
 * package does not say (the reader then refuses or reads it on its own terms).
 */
export function firstSheetPart(workbookXml: string, relsXml: string): string | null {
  const sheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbookXml)?.[0];
  const id = sheet && /\s\w+:id\s*=\s*"([^"]+)"/.exec(sheet)?.[1];
  if (!id) return null;
  for (const rel of relsXml.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    if (/\sId\s*=\s*"([^"]+)"/.exec(rel)?.[1] !== id) continue;
    const target = /\sTarget\s*=\s*"([^"]+)"/.exec(rel)?.[1];
    if (!target) return null;
    return target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
  }
  return null;
}
