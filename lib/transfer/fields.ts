/**
 * The user list's columns (SPEC section 7), in file order: the export writes them, the template is
 * their header row alone, and the import maps a file's headers onto them. Phone and SSO are added
 * to SPEC's list so that an exported file carries every attribute an import can set.
 *
 * Cell formats shared by export and import:
 * - Admin, Auditor, SSO: "true" / "false".
 * - Workspaces: workspace names separated by "; ".
 * - Role(s): "Workspace: Role" pairs separated by "; " (a workspace listed without a role gets
 *   "No access" on import).
 * - Dates: ISO 8601 (YYYY-MM-DD for license dates, UTC date-time for connections).
 * - Internal/External: "internal" / "external". Origin and Status: the lowercase enum values.
 */
export const USER_FIELDS = [
  { id: "id", header: "ID", importable: true },
  { id: "username", header: "Username", importable: true },
  { id: "email", header: "Email", importable: true },
  { id: "lastName", header: "Last name", importable: true },
  { id: "firstName", header: "First name", importable: true },
  { id: "title", header: "Title", importable: true },
  { id: "service", header: "Service", importable: true },
  { id: "phone", header: "Phone", importable: true },
  { id: "roles", header: "Role(s)", importable: true },
  { id: "admin", header: "Admin", importable: true },
  { id: "auditor", header: "Auditor", importable: true },
  { id: "status", header: "Status", importable: false },
  // Licenses are changed in the UI only (SPEC section 6): an import shows these as ignored.
  { id: "license", header: "License", importable: false },
  { id: "licenseStart", header: "License start", importable: false },
  { id: "licenseEnd", header: "License end", importable: false },
  { id: "firstConnection", header: "First connection", importable: false },
  { id: "lastConnection", header: "Last connection", importable: false },
  { id: "workspaces", header: "Workspaces", importable: true },
  { id: "origin", header: "Origin", importable: false },
  { id: "kind", header: "Internal/External", importable: true },
  { id: "sso", header: "SSO", importable: true },
] as const;

export type UserField = (typeof USER_FIELDS)[number];
export type UserFieldId = UserField["id"];

export const USER_FIELD_IDS = USER_FIELDS.map((f) => f.id) as [UserFieldId, ...UserFieldId[]];
export const EXPORT_HEADERS: readonly string[] = USER_FIELDS.map((f) => f.header);

export const LIST_SEPARATOR = "; ";

/** A file read into memory: its header row and data rows as text, every row as long as the headers. */
/** `preamble`: the lines before the header row that the reader skipped (a template's "version:v1.0", a title). */
/** `headerRow`: the spreadsheet row of the header when not 1 (lines above it skipped or blank). */
export type ParsedTable = { headers: string[]; rows: string[][]; preamble?: string[]; headerRow?: number };

/** Which field each of a file's headers feeds (null: ignored), keyed by the header as written. */
export type ColumnMapping = Record<string, UserFieldId | null>;
