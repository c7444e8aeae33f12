import { USER_FIELDS, type ColumnMapping, type ParsedTable, type UserField, type UserFieldId } from "./fields";
import { buildSynonymIndex, ENTRA_ATTRIBUTES, SIGN_IN_HEADERS } from "./header-synonyms";

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
const ATTRIBUTES = new Map(Object.entries(ENTRA_ATTRIBUTES).map(([attribute, field]) => [normaliseHeader(attribute), field]));
const SIGN_IN = new Set(SIGN_IN_HEADERS.map(normaliseHeader));
/** Values looked at to tell what a column holds: enough to judge, few enough to stay instant. */
const SAMPLE_ROWS = 200;

/**
 * `Label [attribute]`, optionally followed by "Required": the property in brackets is a single
 * identifier. Google's `[Required]` and `[READ ONLY]` marks are not properties: those headers go
 * through the synonyms whole.
 */
const BRACKETED = /^[^[\]]*\[\s*([A-Za-z][A-Za-z0-9_.]*)\s*\]\s*(?:required)?\s*$/i;

function bracketedAttribute(header: string): string | null {
  const attribute = BRACKETED.exec(header.trim())?.[1];
  return attribute && attribute.toLowerCase() !== "required" ? attribute : null;
}

/** The field a header designates by itself (null: known and left unmapped; undefined: unknown). */
function fieldOfHeader(header: string): UserFieldId | null | undefined {
  const attribute = bracketedAttribute(header);
  if (attribute !== null) {
    const key = normaliseHeader(attribute);
    return ATTRIBUTES.has(key) ? ATTRIBUTES.get(key)! : (SYNONYMS.get(key) ?? null);
  }
  return SYNONYMS.get(normaliseHeader(header));
}

/** Whether a cell of a header row reads as a column name the import knows (lib/transfer/table.ts finds the header row by it). */
export function isKnownHeader(header: string): boolean {
  return bracketedAttribute(header) !== null || SYNONYMS.has(normaliseHeader(header));
}

function signInAttribute(header: string): string {
  return normaliseHeader(bracketedAttribute(header) ?? header);
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

/** Whether a column's values are email addresses: most of its non-empty sampled cells are. */
export function holdsEmails(rows: readonly (readonly string[])[], column: number): boolean {
  let filled = 0;
  let emails = 0;
  for (const row of rows.slice(0, SAMPLE_ROWS)) {
    const value = (row[column] ?? "").trim();
    if (value === "") continue;
    filled++;
    if (EMAIL.test(value)) emails++;
  }
  return filled > 0 && emails >= filled * 0.8;
}

/**
 * The automatic mapping: each header to the field its name or a known synonym designates, or to
 * nothing. A header `Label [attribute]` (Entra ID's template) is mapped by its attribute. No field
 * is fed by two columns: the first column wins and the later ones are ignored.
 *
 * With the file's rows (a sample is enough), two more guesses are made when the file would
 * otherwise have no column to match people by (no Email, no ID):
 * - a sign-in column (userPrincipalName, Login, Identifiant…) whose values are email addresses
 *   feeds Email rather than Username: in Entra ID the sign-in name is the address;
 * - else the first column of unknown name whose values are email addresses feeds Email.
 * userPrincipalName alone, without rows to look at, feeds Email the same way.
 * And a plain "Name" beside a first-name column and no last-name column is the last name, as in
 * the previous product's export (Name, First name, Title…).
 */
export function guessMapping(headers: readonly string[], rows?: readonly (readonly string[])[]): ColumnMapping {
  const taken = new Set<UserFieldId>();
  const mapping: ColumnMapping = {};
  const known = headers.map(fieldOfHeader);
  headers.forEach((header, k) => {
    const field = known[k] ?? null;
    mapping[header] = field && !taken.has(field) ? field : null;
    if (field) taken.add(field);
  });

  if (!taken.has("email") && !taken.has("id")) {
    const column = emailColumn(headers, known, rows);
    if (column !== -1) {
      const header = headers[column];
      if (mapping[header] === "username") taken.delete("username");
      mapping[header] = "email";
      taken.add("email");
      // The username this column would have fed goes to the next column that names it, if any.
      const next = headers.findIndex((h, k) => k !== column && known[k] === "username");
      if (next !== -1 && !taken.has("username")) {
        mapping[headers[next]] = "username";
        taken.add("username");
      }
    }
  }

  if (!taken.has("lastName") && taken.has("firstName")) {
    const name = headers.findIndex((h) => normaliseHeader(h) === "name" && mapping[h] === null);
    if (name !== -1) mapping[headers[name]] = "lastName";
  }
  return mapping;
}

/** The column that should feed Email in a file that has none by name (-1: none). */
function emailColumn(headers: readonly string[], known: ReadonlyArray<UserFieldId | null | undefined>, rows?: readonly (readonly string[])[]): number {
  const signIn = headers.findIndex((h, k) => SIGN_IN.has(signInAttribute(h)) && (rows ? holdsEmails(rows, k) : signInAttribute(h) === "userprincipalname"));
  if (signIn !== -1 || !rows) return signIn;
  return headers.findIndex((h, k) => known[k] === undefined && h.trim() !== "" && holdsEmails(rows, k));
}

/**
 * Why a file cannot be imported at all, or null: no column is mapped to Email or ID, and no column
 * holds email addresses that the admin could map. Such a file would make a job that can never
 * start (issue 11), so it is refused at upload.
 */
export function missingIdentityColumn(table: ParsedTable, mapping: ColumnMapping): string | null {
  const fields = new Set(Object.values(mapping));
  if (fields.has("email") || fields.has("id")) return null;
  if (table.headers.some((_, k) => holdsEmails(table.rows, k))) return null;
  return "No column of this file holds email addresses or Roster IDs: each row needs one (a new user needs an email). Add an Email column, or export the users from Roster to get their IDs.";
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
