import { and, eq } from "drizzle-orm";
import { roles, workspaceMemberships, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AuditSource } from "@/lib/audit";
import type { Actor } from "@/lib/permissions";
import { runWrite, type WriteContext } from "@/lib/write";
import { makeClientspace, makeUser } from "./factories";

export type RoleCase = "admin" | "auditor" | "superUser" | "otherSuperUser" | "member";
export const ROLE_CASES: RoleCase[] = ["admin", "auditor", "superUser", "otherSuperUser", "member"];

export function actorOf(accountId: string, clientspaceId: string, rights: Partial<Actor> = {}): Actor {
  return { accountId, clientspaceId, isAdmin: false, isAuditor: false, superUserWorkspaceIds: [], superUsersMayCreateUsers: true, ...rights };
}

/**
 * One clientspace per test: workspaces Sales, Support and Legal; the super-user manages Sales and
 * Support, the other super-user Legal; the member and the target are viewers in Sales.
 */
export async function makeRightsWorld(db: Db) {
  const { clientspace, workspace: sales, superUserRole } = await makeClientspace(db);
  const csId = clientspace.id;
  const [support, legal] = await db.insert(workspaces).values([{ clientspaceId: csId, name: "Support" }, { clientspaceId: csId, name: "Legal" }]).returning();
  const [viewerRole] = await db.select().from(roles).where(and(eq(roles.clientspaceId, csId), eq(roles.key, "viewer")));
  const viewerIn = (workspaceId: string) => ({ workspaceId, roleId: viewerRole.id });

  const admin = await makeUser(db, csId, { membership: { isAdmin: true } });
  const auditor = await makeUser(db, csId, { membership: { isAuditor: true } });
  const su = await makeUser(db, csId, { superUserOf: { workspaceId: sales.id, roleId: superUserRole.id } });
  await db.insert(workspaceMemberships).values({ workspaceId: support.id, accountId: su.id, clientspaceId: csId, roleId: superUserRole.id });
  const otherSu = await makeUser(db, csId, { superUserOf: { workspaceId: legal.id, roleId: superUserRole.id } });
  const member = await makeUser(db, csId, { superUserOf: viewerIn(sales.id) });
  const target = await makeUser(db, csId, { superUserOf: viewerIn(sales.id) });

  const actors: Record<RoleCase, Actor> = {
    admin: actorOf(admin.id, csId, { isAdmin: true }),
    auditor: actorOf(auditor.id, csId, { isAuditor: true }),
    superUser: actorOf(su.id, csId, { superUserWorkspaceIds: [sales.id, support.id] }),
    otherSuperUser: actorOf(otherSu.id, csId, { superUserWorkspaceIds: [legal.id] }),
    member: actorOf(member.id, csId),
  };
  return { csId, sales, support, legal, superUserRole, viewerRole, target, actors };
}

/** A domain function run the way every door runs it: one transaction with its audit events. */
export function runAs<I, T>(db: Db, actor: Actor, fn: (ctx: WriteContext, actor: Actor, input: I) => Promise<T>, input: I, source: AuditSource = "ui") {
  return runWrite(db, { accountId: actor.accountId, label: "Tester", clientspaceId: actor.clientspaceId }, source, (ctx) => fn(ctx, actor, input));
}
