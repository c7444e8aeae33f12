import { USER_FIELDS, type ColumnMapping, type ParsedTable, type UserField, type UserFieldId } from "./fields";
import { buildSynonymIndex } from "./header-synonyms";

export type ImportableFieldId = Extract<UserField, { importable: true }>["id"];
/** One row of the file as the import engine reads it: the mapped, importable cells by field id. */
export type MappedRow = Partial<Record<ImportableFieldId, string>>;
/** A mapped column whose values are not applied, with the reason the admin is shown. */
export type IgnoredColumn = { header: string; field: UserFieldId; reason: string };

const FIELD_BY_ID = new Map<string, UserField>(USER_FIELDS.map((f) => [f.id, f]));

/**
 * The form in which headers are compared: lower case, without accents, spaces or punctuation,
 * so "E-mail", "e mail" and "EMAIL" are one header and "Prénom" is "prenom".
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

const SYNONYMS = buildSynonymIndex(normaliseHeader);

/**
 * The automatic mapping: each header to the field its name or a known synonym designates, or to
 * nothing. No field is fed by two columns: the first column wins and the later ones are ignored.
 */
export function guessMapping(headers: string[]): ColumnMapping {
  const taken = new Set<UserFieldId>();
  const mapping: ColumnMapping = {};
  for (const header of headers) {
    const field = SYNONYMS.get(normaliseHeader(header)) ?? null;
    mapping[header] = field && !taken.has(field) ? field : null;
    if (field) taken.add(field);
  }
  return mapping;
}

/** What stops a mapping from being used, as messages for the admin; empty when it is usable. */
export function validateMapping(mapping: ColumnMapping): string[] {
  const messages: string[] = [];
  const headersByField = new Map<UserFieldId, string[]>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field === null) continue;
    if (!FIELD_BY_ID.has(field)) {
      messages.push(`Column "${header}" is mapped to "${String(field)}", which is not a user field.`);
      continue;
    }
    headersByField.set(field, [...(headersByField.get(field) ?? []), header]);
  }
  if (!headersByField.has("email") && !headersByField.has("id")) {
    messages.push("Map a column to Email or to ID: rows are matched to users by ID, else by email.");
  }
  for (const [field, headers] of headersByField) {
    if (headers.length > 1) {
      messages.push(`${FIELD_BY_ID.get(field)!.header} is mapped from ${headers.length} columns (${headers.map((h) => `"${h}"`).join(", ")}); keep one.`);
    }
  }
  return messages;
}

/**
 * The table's rows keyed by field id, with the importable fields only, in the same order as
 * table.rows so that a row's outcome can be reported against the row as uploaded. Mapped
 * columns that an import never applies are listed in `ignored`, once each.
 */
export function applyMapping(table: ParsedTable, mapping: ColumnMapping): { rows: MappedRow[]; ignored: IgnoredColumn[] } {
  const used: Array<[number, ImportableFieldId]> = [];
  const ignored: IgnoredColumn[] = [];
  table.headers.forEach((header, k) => {
    const field = FIELD_BY_ID.get(mapping[header] ?? "");
    if (!field) return;
    if (field.importable) used.push([k, field.id]);
    else ignored.push({ header, field: field.id, reason: ignoredReason(field.id) });
  });
  const rows = table.rows.map((cells) => {
    const row: MappedRow = {};
    for (const [k, id] of used) row[id] = cells[k] ?? "";
    return row;
  });
  return { rows, ignored };
}

function ignoredReason(field: UserFieldId): string {
  if (field === "license" || field === "licenseStart" || field === "licenseEnd") return "ignored: licenses are changed in the UI only";
  if (field === "status") return "ignored: the status is changed in the UI only";
  return "ignored: this column is exported for information only";
}
