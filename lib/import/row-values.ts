import { USER_FIELDS, type ColumnMapping, type ParsedTable, type UserFieldId } from "@/lib/transfer/fields";
import { UUID_RE } from "@/lib/users/directory-params";
import { emailSchema, kindSchema, personName, profileFieldsSchema } from "@/lib/users/profile-schema";

/**
 * One row of an import file read into typed values, with the first format problem found.
 * `undefined` means "the file does not say" (column not mapped, or a key cell left empty): the
 * import leaves that attribute as it is. An empty title, service or phone cell clears it, as the
 * export writes an empty cell for "none".
 */
export type RowValues = {
  id?: string;
  email?: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  title?: string | null;
  service?: string | null;
  phone?: string | null;
  kind?: "internal" | "external";
  isAdmin?: boolean;
  isAuditor?: boolean;
  sso?: boolean;
  /** Names that break the name rules (digits…), with the reason. */
  nameProblems?: { firstName?: string; lastName?: string };
  /** Workspace name (as written) → role name, null for "No access". Undefined: no workspace column. */
  workspaces?: Map<string, { name: string; role: string | null }>;
};

/**
 * `error`: the row cannot be imported (its key or a required name is unusable). `warnings`: values
 * of optional columns that cannot be applied; the value is left out (as if the cell said nothing)
 * and the rest of the row goes in, unless the import is strict (lib/import/classify.ts).
 */
export type ParsedRow = { values: RowValues; error: string | null; warnings: string[] };

/** The columns feeding each field: the first mapped column wins when two feed the same field. */
export type FieldColumns = Partial<Record<UserFieldId, number>>;

export const LICENSE_FIELDS: readonly UserFieldId[] = ["license", "licenseStart", "licenseEnd"];
export const LICENSE_WARNING = "License columns are ignored: licenses are changed in the UI only.";

const IMPORTABLE = new Set<UserFieldId>(USER_FIELDS.filter((f) => f.importable).map((f) => f.id));

export function fieldColumns(table: Pick<ParsedTable, "headers">, mapping: ColumnMapping): { columns: FieldColumns; warnings: string[] } {
  const columns: FieldColumns = {};
  let license = false;
  table.headers.forEach((header, index) => {
    const field = mapping[header];
    if (!field) return;
    if (LICENSE_FIELDS.includes(field)) license = true;
    // Status, origin and connection dates are facts of the system, not attributes a file sets.
    if (!IMPORTABLE.has(field) || columns[field] !== undefined) return;
    columns[field] = index;
  });
  return { columns, warnings: license ? [LICENSE_WARNING] : [] };
}

const quote = (v: string) => `“${v}”`;
const FIELD_LABEL = { title: "Title", service: "Service", phone: "Phone" } as const;
// French exports write the kind in French.
const KIND_WORDS: Record<string, string> = { interne: "internal", externe: "external" };

// Built once: making a zod schema costs far more than using it, and a file has 100,000 rows.
const NAME_RULES = [
  ["firstName", personName("first name")],
  ["lastName", personName("last name")],
] as const;

// The export writes true/false; spreadsheets from people and other products say yes/no, oui/non, 1/0.
const TRUE_WORDS = new Set(["true", "yes", "y", "1", "oui", "vrai", "x"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "non", "faux"]);

/** True, false, or undefined with a warning for a value that says neither. */
function booleanCell(label: string, cell: string, warnings: string[]): boolean | undefined {
  const v = cell.toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  warnings.push(`${label} not applied: ${quote(cell)} is neither true nor false.`);
  return undefined;
}

class RowProblem extends Error {}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? "Invalid value.";
}

/**
 * "Sales: Editor; Support" and "Sales; Legal" into one map; a workspace without a role gets null.
 * A part that cannot be read is left out with a warning; the classifier then checks the names.
 */
function workspaceCells(rolesCell: string | undefined, workspacesCell: string | undefined, warnings: string[]) {
  const map = new Map<string, { name: string; role: string | null }>();
  const contradicted = new Set<string>();
  for (const part of (rolesCell ?? "").split(";")) {
    const text = part.trim();
    if (!text) continue;
    // Roles are short names without colons; a workspace name may hold one.
    const at = text.lastIndexOf(":");
    const name = (at < 0 ? text : text.slice(0, at)).trim();
    const role = at < 0 ? null : text.slice(at + 1).trim() || null;
    if (!name) {
      warnings.push(`Role ${quote(text)} not applied: it names no workspace (write “Workspace: Role”).`);
      continue;
    }
    const key = name.toLowerCase();
    if (contradicted.has(key)) continue;
    const seen = map.get(key);
    if (seen && seen.role !== role) {
      warnings.push(`Workspace ${quote(name)} not applied: the row gives it two roles.`);
      map.delete(key);
      contradicted.add(key);
      continue;
    }
    map.set(key, { name, role });
  }
  for (const part of (workspacesCell ?? "").split(";")) {
    const name = part.trim();
    if (name && !map.has(name.toLowerCase()) && !contradicted.has(name.toLowerCase())) map.set(name.toLowerCase(), { name, role: null });
  }
  return map;
}

export function parseRow(cells: readonly string[], columns: FieldColumns): ParsedRow {
  const cell = (field: UserFieldId): string | undefined => {
    const index = columns[field];
    if (index === undefined) return undefined;
    // The reader (lib/transfer/table.ts) already removed the export's formula guard.
    return (cells[index] ?? "").trim();
  };
  const values: RowValues = {};
  const warnings: string[] = [];
  try {
    const id = cell("id");
    if (id) values.id = id.toLowerCase();

    const email = cell("email");
    if (email) {
      const parsed = emailSchema.safeParse(email);
      if (!parsed.success) throw new RowProblem(`Invalid email ${quote(email)}: ${firstIssue(parsed)}`);
      values.email = parsed.data;
    }
    const username = cell("username");
    if (username) values.username = username.toLowerCase();

    for (const [field, rule] of NAME_RULES) {
      const text = cell(field);
      if (!text) continue;
      const parsed = rule.safeParse(text);
      if (parsed.success) {
        values[field] = parsed.data;
      } else {
        // Refused only when it changes something: a round trip must not fail on a name that an
        // older rule let in.
        values[field] = text.replace(/\s+/g, " ");
        values.nameProblems = { ...values.nameProblems, [field]: firstIssue(parsed) };
      }
    }

    for (const field of ["title", "service", "phone"] as const) {
      const text = cell(field);
      if (text === undefined) continue;
      const parsed = profileFieldsSchema.shape[field].safeParse(text);
      if (parsed.success) values[field] = parsed.data ?? null;
      else warnings.push(`${FIELD_LABEL[field]} not applied: ${firstIssue(parsed)}`);
    }

    const kind = cell("kind");
    if (kind) {
      const parsed = kindSchema.safeParse(KIND_WORDS[kind.toLowerCase()] ?? kind.toLowerCase());
      if (parsed.success) values.kind = parsed.data;
      else warnings.push(`Internal/External not applied: ${quote(kind)} is neither internal nor external.`);
    }

    const admin = cell("admin");
    if (admin) values.isAdmin = booleanCell("Admin", admin, warnings);
    const auditor = cell("auditor");
    if (auditor) values.isAuditor = booleanCell("Auditor", auditor, warnings);
    const sso = cell("sso");
    if (sso) values.sso = booleanCell("SSO", sso, warnings);
    for (const key of ["isAdmin", "isAuditor", "sso"] as const) if (values[key] === undefined) delete values[key];

    const roles = cell("roles");
    const workspaces = cell("workspaces");
    if (roles !== undefined || workspaces !== undefined) values.workspaces = workspaceCells(roles, workspaces, warnings);
    capWarnings(warnings);
    return { values, error: null, warnings };
  } catch (err) {
    if (err instanceof RowProblem) return { values, error: err.message, warnings };
    throw err;
  }
}

export const isUuid = (v: string) => UUID_RE.test(v);

/** Warnings kept per row: a cell of 10,000 characters could name thousands of unknown workspaces. */
export const MAX_ROW_WARNINGS = 10;
const MORE = /^And ([\d,]+) more values? not applied\.$/;

/** Keeps the first warnings and sums up the rest in one last line (which a later cap adds to). */
export function capWarnings(warnings: string[]): void {
  if (warnings.length <= MAX_ROW_WARNINGS) return;
  let more = 0;
  const kept: string[] = [];
  for (const w of warnings) {
    const summed = MORE.exec(w);
    if (summed) more += Number(summed[1].replaceAll(",", ""));
    else if (kept.length < MAX_ROW_WARNINGS - 1) kept.push(w);
    else more += 1;
  }
  kept.push(`And ${more.toLocaleString("en")} more ${more === 1 ? "value" : "values"} not applied.`);
  warnings.splice(0, warnings.length, ...kept);
}
