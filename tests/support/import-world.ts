import { and, eq } from "drizzle-orm";
import { accounts, clientspaceMemberships, roles, workspaceMemberships, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import { EXPORT_HEADERS, USER_FIELDS, type ColumnMapping, type ParsedTable, type UserFieldId } from "@/lib/transfer/fields";
import { makeRightsWorld } from "./rights-world";

/** The rights world plus the roles an import names: "No access" (the default) and "Editor". */
export async function makeImportWorld(db: Db) {
  const world = await makeRightsWorld(db);
  const [noAccess, editor] = await db
    .insert(roles)
    .values([
      { clientspaceId: world.csId, key: "no_access", name: "No access", builtIn: true, permissions: [] },
      { clientspaceId: world.csId, key: "editor", name: "Editor", builtIn: true, permissions: ["objects.view", "objects.edit"] },
    ])
    .returning();
  return { ...world, noAccessRole: noAccess, editorRole: editor };
}
export type ImportWorld = Awaited<ReturnType<typeof makeImportWorld>>;

/** Every header mapped to its own field, as the automatic mapping does for an exported file. */
export const exportMapping = (headers: readonly string[] = EXPORT_HEADERS): ColumnMapping =>
  Object.fromEntries(headers.map((h) => [h, USER_FIELDS.find((f) => f.header === h)?.id ?? null]));

/** A table with the given headers (by field id) and rows as objects of field id → cell. */
export function tableOf(fields: UserFieldId[], rows: Partial<Record<UserFieldId, string>>[]): ParsedTable {
  const headers = fields.map((f) => USER_FIELDS.find((x) => x.id === f)!.header);
  return { headers, rows: rows.map((r) => fields.map((f) => r[f] ?? "")) };
}

/** The users of a clientspace as the export writes them (the round trip's starting file). */
export async function exportedTable(db: Db, clientspaceId: string, accountIds: string[]): Promise<ParsedTable> {
  const rows: string[][] = [];
  for (const id of accountIds) {
    const [u] = await db
      .select()
      .from(clientspaceMemberships)
      .innerJoin(accounts, eq(accounts.id, clientspaceMemberships.accountId))
      .where(and(eq(clientspaceMemberships.clientspaceId, clientspaceId), eq(clientspaceMemberships.accountId, id)));
    const grants = await db
      .select({ workspace: workspaces.name, role: roles.name })
      .from(workspaceMemberships)
      .innerJoin(workspaces, eq(workspaces.id, workspaceMemberships.workspaceId))
      .innerJoin(roles, eq(roles.id, workspaceMemberships.roleId))
      .where(eq(workspaceMemberships.accountId, id))
      .orderBy(workspaces.name);
    const m = u.clientspace_memberships;
    const a = u.accounts;
    const cells: Record<UserFieldId, string> = {
      id: a.id,
      username: a.username,
      email: a.email,
      lastName: a.lastName,
      firstName: a.firstName,
      title: m.title ?? "",
      service: m.service ?? "",
      phone: m.phone ?? "",
      roles: grants.map((g) => `${g.workspace}: ${g.role}`).join("; "),
      admin: String(m.isAdmin),
      auditor: String(m.isAuditor),
      status: "active",
      license: "",
      licenseStart: "",
      licenseEnd: "",
      firstConnection: "",
      lastConnection: "",
      workspaces: grants.map((g) => g.workspace).join("; "),
      origin: m.origin,
      kind: m.kind,
      sso: String(a.sso),
    };
    rows.push(USER_FIELDS.map((f) => cells[f.id]));
  }
  return { headers: [...EXPORT_HEADERS], rows };
}

/** RFC 4180 read back, enough for the error file (quotes, doubled quotes, CRLF); drops a BOM. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && body[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}
