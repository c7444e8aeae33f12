import { and, eq, sql } from "drizzle-orm";
import { accounts, clientspaceMemberships as cm, roles, workspaceMemberships as wm, workspaces } from "@/db/schema";
import { enabledAdminIds } from "@/db/queries/admins";
import type { Db } from "@/db/types";
import { DEFAULT_ROLE_KEY } from "@/db/seed/roles";
import { isUuid, type RowValues } from "./row-values";

/**
 * What a batch of rows is checked against, loaded in bulk: one query per KEY_CHUNK keys of each
 * kind (ids, emails, usernames), never one per row, so that 100,000 rows cost tens of queries.
 */
export const KEY_CHUNK = 5000;
// Each chunk of keys travels as ONE jsonb parameter: thousands of parameters cost more to parse
// and plan than the look-up itself (db/json-records.ts).

export type ExistingUser = {
  accountId: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  sso: boolean;
  /** Whose credentials these are (SPEC section 2). */
  homeClientspaceId: string | null;
  origin: "created" | "invited" | "imported" | "api" | "scim";
  kind: "internal" | "external";
  isAdmin: boolean;
  isAuditor: boolean;
  disabled: boolean;
  title: string | null;
  service: string | null;
  phone: string | null;
  version: number;
  /** workspace id → role id */
  workspaces: Map<string, string>;
};

export type NamedRow = { id: string; name: string; permissions: string[] };

export type ImportContext = {
  /** Members of this clientspace by account id. */
  members: Map<string, ExistingUser>;
  /** Every account (any clientspace) by lower-cased email: its id. */
  accountByEmail: Map<string, string>;
  accountByUsername: Map<string, string>;
  workspaceByName: Map<string, NamedRow>;
  roleByName: Map<string, NamedRow>;
  defaultRole: NamedRow | null;
  /** Enabled admins of the clientspace (the last-admin rule). */
  enabledAdmins: Set<string>;
};

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += KEY_CHUNK) out.push(list.slice(i, i + KEY_CHUNK));
  return out;
}

async function loadMembers(db: Db, clientspaceId: string, ids: string[]): Promise<Map<string, ExistingUser>> {
  const members = new Map<string, ExistingUser>();
  for (const part of chunks(ids)) {
    const rows = await db
      .select({
        accountId: accounts.id,
        // As this clientspace sees them: a person invited from elsewhere shows the typed names until they accept.
        email: cm.email,
        username: cm.username,
        firstName: cm.firstName,
        lastName: cm.lastName,
        sso: accounts.sso,
        homeClientspaceId: accounts.homeClientspaceId,
        origin: cm.origin,
        kind: cm.kind,
        isAdmin: cm.isAdmin,
        isAuditor: cm.isAuditor,
        disabled: cm.disabled,
        title: cm.title,
        service: cm.service,
        phone: cm.phone,
        version: cm.version,
      })
      .from(cm)
      .innerJoin(accounts, eq(accounts.id, cm.accountId))
      .where(and(eq(cm.clientspaceId, clientspaceId), sql`${cm.accountId} in (select jsonb_array_elements_text(${JSON.stringify(part)}::jsonb)::uuid)`));
    for (const r of rows) members.set(r.accountId, { ...r, workspaces: new Map() });
    const grants = await db
      .select({ accountId: wm.accountId, workspaceId: wm.workspaceId, roleId: wm.roleId })
      .from(wm)
      .where(and(eq(wm.clientspaceId, clientspaceId), sql`${wm.accountId} in (select jsonb_array_elements_text(${JSON.stringify(part)}::jsonb)::uuid)`));
    for (const g of grants) members.get(g.accountId)?.workspaces.set(g.workspaceId, g.roleId);
  }
  return members;
}

/** The context for these rows, read with `db` (the batch's transaction at run time). */
export async function loadImportContext(db: Db, clientspaceId: string, rows: readonly RowValues[]): Promise<ImportContext> {
  const ids = new Set<string>();
  const emails = new Set<string>();
  const usernames = new Set<string>();
  for (const r of rows) {
    if (r.id && isUuid(r.id)) ids.add(r.id);
    if (r.email) emails.add(r.email);
    if (r.username) usernames.add(r.username);
  }

  const accountByEmail = new Map<string, string>();
  for (const part of chunks([...emails])) {
    const found = await db
      .select({ id: accounts.id, email: sql<string>`lower(${accounts.email})` })
      .from(accounts)
      .where(sql`lower(${accounts.email}) in (select jsonb_array_elements_text(${JSON.stringify(part)}::jsonb))`);
    for (const a of found) {
      accountByEmail.set(a.email, a.id);
      ids.add(a.id);
    }
  }
  const accountByUsername = new Map<string, string>();
  for (const part of chunks([...usernames])) {
    const found = await db.select({ id: accounts.id, username: accounts.username }).from(accounts).where(sql`${accounts.username} in (select jsonb_array_elements_text(${JSON.stringify(part)}::jsonb))`);
    for (const a of found) accountByUsername.set(a.username, a.id);
  }
  const members = await loadMembers(db, clientspaceId, [...ids]);

  const spaceWorkspaces = await db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(eq(workspaces.clientspaceId, clientspaceId));
  const spaceRoles = await db.select({ id: roles.id, name: roles.name, key: roles.key, permissions: roles.permissions }).from(roles).where(eq(roles.clientspaceId, clientspaceId));
  const admins = await enabledAdminIds(db, clientspaceId);

  const defaultRole = spaceRoles.find((r) => r.key === DEFAULT_ROLE_KEY);
  return {
    members,
    accountByEmail,
    accountByUsername,
    workspaceByName: new Map(spaceWorkspaces.map((w) => [w.name.toLowerCase(), { ...w, permissions: [] }])),
    roleByName: new Map(spaceRoles.map((r) => [r.name.toLowerCase(), { id: r.id, name: r.name, permissions: r.permissions }])),
    defaultRole: defaultRole ? { id: defaultRole.id, name: defaultRole.name, permissions: defaultRole.permissions } : null,
    enabledAdmins: new Set(admins),
  };
}
