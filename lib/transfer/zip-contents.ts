import { ImportFileError, formatBytes } from "./import-file-error";
import { countSheetRows, firstSheetPart } from "./xlsx-rows";
import { listZipEntries, readZipEntry, tooLarge, type ZipEntry } from "./zip-read";

/**
 * A zip bomb is judged by what it unpacks to: every entry is inflated under the caps (the file's
 * unpacked limit, and the total of a workbook's parts), so memory stays bounded whatever the
 * ratio. The ratio alone says little: a real 869 KB workbook of long repeated strings unpacks to
 * 54 MB, over 100 to 1 in its strings part (issue 11). It is kept for the extreme: deflate cannot
 * compress beyond about 1,032 to 1, which only runs of one byte reach, never text people typed.
 */
const RATIO_FROM_BYTES = 20 * 1024 * 1024;
const MAX_RATIO = 1000;

/**
 * The one .csv or .txt inside an uploaded zip, at its root or in a folder. Anything else is
 * refused by name, except what zipping tools add on their own (folder entries, macOS's
 * __MACOSX/ resource forks and .DS_Store files).
 */
export function readTextFromZip(bytes: Buffer, label: string, maxUnzippedBytes: number): { name: string; bytes: Buffer } {
  const entries = listZipEntries(bytes, label);
  const texts: ZipEntry[] = [];
  for (const entry of entries) {
    refusePathTricks(entry, label);
    if (entry.directory || isJunk(entry.name)) continue;
    const lower = entry.name.toLowerCase();
    if (lower.endsWith(".zip")) {
      throw new ImportFileError(`${label} holds another zip (${entry.name}); zips inside a zip are not read. Put the .csv or .txt file directly in the zip.`);
    }
    if (!lower.endsWith(".csv") && !lower.endsWith(".txt")) {
      throw new ImportFileError(`${label} holds ${entry.name}, which is not a .csv or .txt file. The zip must hold exactly one .csv or .txt file and nothing else.`);
    }
    texts.push(entry);
  }
  if (texts.length === 0) throw new ImportFileError(`${label} holds no .csv or .txt file. Put the file to import in the zip.`);
  if (texts.length > 1) {
    throw new ImportFileError(`${label} holds several files to import (${texts.map((e) => e.name).join(", ")}); put exactly one .csv or .txt file in the zip.`);
  }
  const [entry] = texts;
  refuseBomb(entry, label, maxUnzippedBytes);
  const out = readZipEntry(bytes, entry, maxUnzippedBytes, label);
  refuseRatio(entry, out.length, label);
  return { name: entry.name, bytes: out };
}

/**
 * An .xlsx is a zip that SheetJS unpacks itself, trusting its headers. Every part is inflated
 * here first under the same caps, so that a bomb dressed as a workbook is refused before that.
 * Returns the number of rows holding cells in the first sheet (null when the package does not
 * say which part that is), for the row limit to be applied before parsing.
 */
export function checkWorkbookZip(bytes: Buffer, label: string, maxUnzippedBytes: number): { firstSheetRows: number | null } {
  const entries = listZipEntries(bytes, label);
  // Every Office Open XML package starts with this part (ECMA-376 part 2, section 10.1.2.2).
  if (!entries.some((e) => e.name === "[Content_Types].xml")) {
    const held = entries.filter((e) => !e.directory).map((e) => e.name).slice(0, 3);
    throw new ImportFileError(
      `${label} is a zip archive, not an Excel workbook${held.length ? ` (it holds ${held.join(", ")})` : ""}. Name it .zip if it holds one .csv or .txt file, or save the workbook again from Excel.`,
    );
  }
  let total = 0;
  const rowsByPart = new Map<string, number>();
  let workbookXml = "";
  let relsXml = "";
  for (const entry of entries) {
    if (entry.directory) continue;
    refuseBomb(entry, label, maxUnzippedBytes - total);
    const part = readZipEntry(bytes, entry, maxUnzippedBytes - total, label);
    refuseRatio(entry, part.length, label);
    total += part.length;
    if (entry.name === "xl/workbook.xml") workbookXml = part.toString("utf8");
    else if (entry.name === "xl/_rels/workbook.xml.rels") relsXml = part.toString("utf8");
    else if (entry.name.startsWith("xl/worksheets/") && entry.name.endsWith(".xml")) rowsByPart.set(entry.name, countSheetRows(part));
  }
  const first = firstSheetPart(workbookXml, relsXml);
  return { firstSheetRows: first === null ? null : (rowsByPart.get(first) ?? null) };
}

function refusePathTricks(entry: ZipEntry, label: string): void {
  const name = entry.name;
  const why =
    name.includes("\\") ? "a backslash in its path"
    : name.startsWith("/") || /^[A-Za-z]:/.test(name) ? "an absolute path"
    : name.split("/").includes("..") ? "a path that climbs out of the zip (..)"
    : name.includes("\0") ? "a NUL character in its name"
    : entry.symlink ? "a symbolic link"
    : null;
  if (why) throw new ImportFileError(`${label} holds an entry with ${why} (${name}); such zips are refused. Create the zip again from the file itself.`);
}

function isJunk(name: string): boolean {
  return name.startsWith("__MACOSX/") || name === ".DS_Store" || name.endsWith("/.DS_Store");
}

function refuseBomb(entry: ZipEntry, label: string, maxBytes: number): void {
  if (entry.size > maxBytes) throw tooLarge(`${label} › ${entry.name}`, entry.size, maxBytes);
  refuseRatio(entry, entry.size, label);
}

function refuseRatio(entry: ZipEntry, size: number, label: string): void {
  if (size > RATIO_FROM_BYTES && size > entry.compressedSize * MAX_RATIO) {
    throw new ImportFileError(
      `${label} › ${entry.name} is compressed more than ${MAX_RATIO.toLocaleString("en-US")} to 1 (${formatBytes(entry.compressedSize)} unpacking to ${formatBytes(size)}), the mark of a zip bomb: the file is refused.`,
    );
  }
}
