/**
 * The fixed parts of the workbook package (ECMA-376, SpreadsheetML): everything but the sheet's
 * rows, written by lib/transfer/xlsx-write.ts. One sheet, one bold style for the header row.
 */

const XML_DECLARATION = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

export const SHEET_PATH = "xl/worksheets/sheet1.xml";
export const SHEET_NAME = "Users";
/** Style index of the header row's cells in styles.xml's cellXfs (0 is every other cell). */
export const HEADER_STYLE = 1;

export function contentTypesXml(): string {
  const override = (part: string, type: string) => `<Override PartName="/${part}" ContentType="${type}"/>`;
  return (
    XML_DECLARATION +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    override("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml") +
    override(SHEET_PATH, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml") +
    override("xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml") +
    override("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml") +
    override("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml") +
    `</Types>`
  );
}

export function packageRelsXml(): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${PACKAGE_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>` +
    `</Relationships>`
  );
}

export function appXml(): string {
  return (
    XML_DECLARATION +
    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    `<Application>Roster</Application></Properties>`
  );
}

export function coreXml(created: Date): string {
  // W3CDTF to the second, as Excel itself writes it.
  const when = created.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    XML_DECLARATION +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${SHEET_NAME}</dc:title><dc:creator>Roster</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}

/**
 * The workbook: one sheet and, when the sheet has a filter, the hidden name Excel keeps the
 * filtered range under (LibreOffice reads the filter from it). `filterRange` is "$A$1:$U$9".
 */
export function workbookXml(filterRange: string | null): string {
  const filter = filterRange ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${SHEET_NAME}!${filterRange}</definedName></definedNames>` : "";
  return (
    XML_DECLARATION +
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<bookViews><workbookView activeTab="0"/></bookViews>` +
    `<sheets><sheet name="${SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets>` +
    filter +
    `</workbook>`
  );
}

export function workbookRelsXml(): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${PACKAGE_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
    `</Relationships>`
  );
}

/** The least Excel accepts (it requires the two fills "none" and "gray125"), plus a bold font. */
export function stylesXml(): string {
  const font = (bold: boolean) => `<font>${bold ? "<b/>" : ""}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
  return (
    XML_DECLARATION +
    `<styleSheet xmlns="${MAIN_NS}">` +
    `<fonts count="2">${font(false)}${font(true)}</fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
    `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
    `</styleSheet>`
  );
}

export function sheetStartXml(colsXml: string): string {
  // The header row frozen: it stays in view while the list scrolls.
  const view = `<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`;
  return XML_DECLARATION + `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` + view + `<sheetFormatPr defaultRowHeight="15"/>` + colsXml + `<sheetData>`;
}

export function sheetEndXml(filterRef: string | null): string {
  return `</sheetData>` + (filterRef ? `<autoFilter ref="${filterRef}"/>` : "") + `</worksheet>`;
}
