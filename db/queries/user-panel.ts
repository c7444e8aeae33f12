import "server-only";
import { and, asc, count, desc, eq, gte, inArray, type SQL } from "drizzle-orm";
import { accounts, auditEvents, clientspaceMemberships as m, objects, roles, workspaceMemberships, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import type { LicenseState, UserStatus } from "@/lib/users/directory-params";
import { licenseStateExpression, statusExpression, type DirectoryClock } from "./users";

/**
 * Reads of the users page's detail panel. Every read names the clientspace: an account that is
 * not a member there is not found, whatever its id.
 */

export type PanelUserRow = {
  accountId: string;
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  phone: string | null;
  title: string | null;
  service: string | null;
  kind: "internal" | "external";
  origin: "created" | "invited" | "imported" | "api" | "scim";
  isAdmin: boolean;
  isAuditor: boolean;
  status: UserStatus;
  disabledAt: Date | null;
  lockedAt: Date | null;
  invitedAt: Date | null;
  invitationExpiresAt: Date | null;
  joinedAt: Date | null;
  licenseTypeId: string | null;
  licenseName: string | null;
  licenseStart: string | null;
  licenseEnd: string | null;
  licenseState: LicenseState;
  firstConnectionAt: Date | null;
  lastConnectionAt: Date | null;
  createdAt: Date;
  /** The membership's version and last save, for the edit form's "changed by X at T" check. */
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
  /** The clientspace that owns the account's credentials (SPEC section 2). */
  homeClientspaceId: string | null;
};

/** One member of one clientspace, with status and license state computed as the users table does. */
export async function findPanelUser(db: Db, clientspaceId: string, accountId: string, clock: DirectoryClock): Promise<PanelUserRow | undefined> {
  const [row] = await db
    .select({
      accountId: m.accountId,
      firstName: m.firstName,
      lastName: m.lastName,
      email: m.email,
      username: m.username,
      phone: m.phone,
      title: m.title,
      service: m.service,
      kind: m.kind,
      origin: m.origin,
      isAdmin: m.isAdmin,
      isAuditor: m.isAuditor,
      status: statusExpression(clock),
      disabledAt: m.disabledAt,
      lockedAt: m.lockedAt,
      invitedAt: m.invitedAt,
      invitationExpiresAt: m.invitationExpiresAt,
      joinedAt: m.joinedAt,
      licenseTypeId: m.licenseTypeId,
      licenseName: m.licenseName,
      licenseStart: m.licenseStart,
      licenseEnd: m.licenseEnd,
      licenseState: licenseStateExpression(clock),
      firstConnectionAt: m.firstConnectionAt,
      lastConnectionAt: m.lastConnectionAt,
      createdAt: m.createdAt,
      version: m.version,
      updatedAt: m.updatedAt,
      updatedBy: m.updatedBy,
      homeClientspaceId: accounts.homeClientspaceId,
    })
    .from(m)
    .innerJoin(accounts, eq(accounts.id, m.accountId))
    .where(and(eq(m.clientspaceId, clientspaceId), eq(m.accountId, accountId)));
  return row;
}

export type PanelWorkspaceRow = {
  workspaceId: string;
  workspaceName: string;
  roleId: string;
  roleKey: string;
  roleName: string;
  rolePermissions: string[];
};

export async function listPanelWorkspaces(db: Db, clientspaceId: string, accountId: string): Promise<PanelWorkspaceRow[]> {
  return db
    .select({
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      roleId: roles.id,
      roleKey: roles.key,
      roleName: roles.name,
      rolePermissions: roles.permissions,
    })
    .from(workspaceMemberships)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMemberships.workspaceId))
    .innerJoin(roles, eq(roles.id, workspaceMemberships.roleId))
    .where(and(eq(workspaceMemberships.clientspaceId, clientspaceId), eq(workspaceMemberships.accountId, accountId)))
    .orderBy(asc(workspaces.name), asc(workspaces.id));
}

export type RecentObjectRow = { id: string; name: string; kind: string; workspaceName: string; modifiedAt: Date };

export type ObjectStatistics = {
  recentlyModified: RecentObjectRow[];
  responsibleCount: number;
  modifiedSinceCount: number;
};

/**
 * What the user did with the clientspace's objects: the last 5 they modified, how many they are
 * responsible for, how many they modified since `since`. `workspaceIds` limits all three to those
 * workspaces (null: the whole clientspace).
 */
export async function loadObjectStatistics(
  db: Db,
  clientspaceId: string,
  accountId: string,
  options: { since: Date; workspaceIds: readonly string[] | null },
): Promise<ObjectStatistics> {
  const inScope = (...conditions: SQL[]) =>
    and(
      eq(objects.clientspaceId, clientspaceId),
      options.workspaceIds ? inArray(objects.workspaceId, [...options.workspaceIds]) : undefined,
      ...conditions,
    );

  const [recentlyModified, [responsible], [modifiedSince]] = await Promise.all([
    db
      .select({
        id: objects.id,
        name: objects.name,
        kind: objects.kind,
        workspaceName: workspaces.name,
        modifiedAt: objects.modifiedAt,
      })
      .from(objects)
      .innerJoin(workspaces, eq(workspaces.id, objects.workspaceId))
      .where(inScope(eq(objects.modifiedByAccountId, accountId)))
      .orderBy(desc(objects.modifiedAt), desc(objects.id))
      .limit(5),
    db.select({ n: count() }).from(objects).where(inScope(eq(objects.responsibleAccountId, accountId))),
    db
      .select({ n: count() })
      .from(objects)
      .where(inScope(eq(objects.modifiedByAccountId, accountId), gte(objects.modifiedAt, options.since))),
  ]);
  return { recentlyModified, responsibleCount: responsible.n, modifiedSinceCount: modifiedSince.n };
}

export type HistoryRow = {
  id: number;
  actorLabel: string;
  action: string;
  before: unknown;
  after: unknown;
  source: "ui" | "import" | "api" | "scim" | "system";
  createdAt: Date;
};

/** Audit events aimed at the user in this clientspace, newest first. */
export async function listUserHistory(db: Db, clientspaceId: string, accountId: string, limit = 50): Promise<HistoryRow[]> {
  return db
    .select({
      id: auditEvents.id,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      source: auditEvents.source,
      createdAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.clientspaceId, clientspaceId), eq(auditEvents.targetId, accountId)))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
}
