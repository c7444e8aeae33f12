import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { clientspaceMemberships, clientspaces, licenseTypes, roles, workspaceMemberships, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";

/** One user's profile in one clientspace, or undefined when they are not a member there. */
export async function findProfile(db: Db, clientspaceId: string, accountId: string) {
  const [profile] = await db
    .select({
      accountId: clientspaceMemberships.accountId,
      firstName: clientspaceMemberships.firstName,
      lastName: clientspaceMemberships.lastName,
      email: clientspaceMemberships.email,
      username: clientspaceMemberships.username,
      title: clientspaceMemberships.title,
      service: clientspaceMemberships.service,
      phone: clientspaceMemberships.phone,
      kind: clientspaceMemberships.kind,
      origin: clientspaceMemberships.origin,
      isAdmin: clientspaceMemberships.isAdmin,
      isAuditor: clientspaceMemberships.isAuditor,
      license: licenseTypes.name,
      licenseStart: clientspaceMemberships.licenseStart,
      licenseEnd: clientspaceMemberships.licenseEnd,
      createdAt: clientspaceMemberships.createdAt,
      firstConnectionAt: clientspaceMemberships.firstConnectionAt,
      lastConnectionAt: clientspaceMemberships.lastConnectionAt,
      clientspaceName: clientspaces.name,
    })
    .from(clientspaceMemberships)
    .innerJoin(clientspaces, eq(clientspaces.id, clientspaceMemberships.clientspaceId))
    .leftJoin(licenseTypes, eq(licenseTypes.id, clientspaceMemberships.licenseTypeId))
    .where(and(eq(clientspaceMemberships.clientspaceId, clientspaceId), eq(clientspaceMemberships.accountId, accountId)));
  if (!profile) return undefined;
  const access = await db
    .select({ workspace: workspaces.name, role: roles.name, permissions: roles.permissions })
    .from(workspaceMemberships)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMemberships.workspaceId))
    .innerJoin(roles, eq(roles.id, workspaceMemberships.roleId))
    .where(and(eq(workspaceMemberships.clientspaceId, clientspaceId), eq(workspaceMemberships.accountId, accountId)))
    .orderBy(asc(workspaces.name));
  return { ...profile, access };
}

export type Profile = NonNullable<Awaited<ReturnType<typeof findProfile>>>;
