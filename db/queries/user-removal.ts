import "server-only";
import { and, asc, count, eq, inArray, lte, ne, sql } from "drizzle-orm";
import { clientspaceMemberships as cm, objects, roles, workspaceMemberships as wm, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";

/**
 * Reads behind removing a user from a clientspace and deleting an account: what they hold here
 * (for the audit snapshot) and what they are still responsible for (what blocks a delete).
 */

export type HeldWorkspace = { workspaceId: string; workspace: string; roleId: string; role: string };

export async function listHeldWorkspaces(db: Db, clientspaceId: string, accountId: string): Promise<HeldWorkspace[]> {
  return db
    .select({ workspaceId: workspaces.id, workspace: workspaces.name, roleId: roles.id, role: roles.name })
    .from(wm)
    .innerJoin(workspaces, eq(workspaces.id, wm.workspaceId))
    .innerJoin(roles, eq(roles.id, wm.roleId))
    .where(and(eq(wm.clientspaceId, clientspaceId), eq(wm.accountId, accountId)))
    .orderBy(asc(workspaces.name), asc(workspaces.id));
}

export async function countResponsibleObjects(db: Db, clientspaceId: string, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(objects)
    .where(and(eq(objects.clientspaceId, clientspaceId), eq(objects.responsibleAccountId, accountId)));
  return row.n;
}

/** Objects of OTHER clientspaces still assigned to the account (it was removed from there, not deleted). */
export async function countResponsibleObjectsElsewhere(db: Db, clientspaceId: string, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(objects)
    .where(and(ne(objects.clientspaceId, clientspaceId), eq(objects.responsibleAccountId, accountId)));
  return row.n;
}

export async function countOtherClientspaces(db: Db, clientspaceId: string, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(cm)
    .where(and(eq(cm.accountId, accountId), ne(cm.clientspaceId, clientspaceId)));
  return row.n;
}

export type ResponsibleObject = { id: string; name: string; kind: string };
export type ResponsibleWorkspace = { workspaceId: string; workspaceName: string; count: number; objects: ResponsibleObject[] };

/**
 * The objects the account is responsible for in the clientspace, grouped by workspace: every
 * workspace's count, and its first `perWorkspace` objects by name. At most `maxWorkspaces` groups,
 * the largest first; the caller compares the counts with the total to say what is left out.
 */
export async function listResponsibleObjectsByWorkspace(
  db: Db,
  clientspaceId: string,
  accountId: string,
  options: { maxWorkspaces: number; perWorkspace: number },
): Promise<ResponsibleWorkspace[]> {
  const owned = and(eq(objects.clientspaceId, clientspaceId), eq(objects.responsibleAccountId, accountId));
  const groups = await db
    .select({ workspaceId: workspaces.id, workspaceName: workspaces.name, count: count() })
    .from(objects)
    .innerJoin(workspaces, eq(workspaces.id, objects.workspaceId))
    .where(owned)
    .groupBy(workspaces.id, workspaces.name)
    .orderBy(sql`count(*) desc`, asc(workspaces.name), asc(workspaces.id))
    .limit(options.maxWorkspaces);
  if (groups.length === 0) return [];

  const ranked = db
    .select({
      id: objects.id,
      name: objects.name,
      kind: objects.kind,
      workspaceId: objects.workspaceId,
      rank: sql<number>`row_number() over (partition by ${objects.workspaceId} order by ${objects.name}, ${objects.id})`.as("rank"),
    })
    .from(objects)
    .where(and(owned, inArray(objects.workspaceId, groups.map((g) => g.workspaceId))))
    .as("ranked");
  const firsts = await db
    .select()
    .from(ranked)
    .where(lte(ranked.rank, options.perWorkspace))
    .orderBy(asc(ranked.rank));

  return groups.map((g) => ({
    ...g,
    objects: firsts.filter((o) => o.workspaceId === g.workspaceId).map(({ id, name, kind }) => ({ id, name, kind })),
  }));
}
