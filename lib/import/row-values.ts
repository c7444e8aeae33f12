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

export type ParsedRow = { values: RowValues; error: string | null };

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

// Built once: making a zod schema costs far more than using it, and a file has 100,000 rows.
const NAME_RULES = [
  ["firstName", personName("first name")],
  ["lastName", personName("last name")],
] as const;

function booleanCell(label: string, cell: string): boolean {
  const v = cell.toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new RowProblem(`${label} must be true or false, not ${quote(cell)}.`);
}

class RowProblem extends Error {}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? "Invalid value.";
}

/** "Sales: Editor; Support" and "Sales; Legal" into one map; a workspace without a role gets null. */
function workspaceCells(rolesCell: string | undefined, workspacesCell: string | undefined) {
  const map = new Map<string, { name: string; role: string | null }>();
  for (const part of (rolesCell ?? "").split(";")) {
    const text = part.trim();
    if (!text) continue;
    // Roles are short names without colons; a workspace name may hold one.
    const at = text.lastIndexOf(":");
    const name = (at < 0 ? text : text.slice(0, at)).trim();
    const role = at < 0 ? null : text.slice(at + 1).trim() || null;
    if (!name) throw new RowProblem(`The role ${quote(text)} names no workspace: write “Workspace: Role”.`);
    const key = name.toLowerCase();
    const seen = map.get(key);
    if (seen && seen.role !== role) throw new RowProblem(`The workspace ${quote(name)} is given two roles.`);
    map.set(key, { name, role });
  }
  for (const part of (workspacesCell ?? "").split(";")) {
    const name = part.trim();
    if (name && !map.has(name.toLowerCase())) map.set(name.toLowerCase(), { name, role: null });
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
      if (!parsed.success) throw new RowProblem(firstIssue(parsed));
      values[field] = parsed.data ?? null;
    }

    const kind = cell("kind");
    if (kind) {
      const parsed = kindSchema.safeParse(kind.toLowerCase());
      if (!parsed.success) throw new RowProblem(`Internal/External must be internal or external, not ${quote(kind)}.`);
      values.kind = parsed.data;
    }

    const admin = cell("admin");
    if (admin) values.isAdmin = booleanCell("Admin", admin);
    const auditor = cell("auditor");
    if (auditor) values.isAuditor = booleanCell("Auditor", auditor);
    const sso = cell("sso");
    if (sso) values.sso = booleanCell("SSO", sso);

    const roles = cell("roles");
    const workspaces = cell("workspaces");
    if (roles !== undefined || workspaces !== undefined) values.workspaces = workspaceCells(roles, workspaces);
    return { values, error: null };
  } catch (err) {
    if (err instanceof RowProblem) return { values, error: err.message };
    throw err;
  }
}

export const isUuid = (v: string) => UUID_RE.test(v);
