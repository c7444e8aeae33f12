import "server-only";
import { asc, eq } from "drizzle-orm";
import { clientspaces, licenseTypes, roles, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";

export type DirectoryFacets = {
  licenseTypes: { id: string; name: string; seatLimit: number }[];
  workspaces: { id: string; name: string }[];
  roles: { id: string; key: string; name: string; permissions: string[] }[];
  inactivityDays: number;
};

/** What the filters offer (and what a status is computed with), for one clientspace. */
export async function loadDirectoryFacets(db: Db, clientspaceId: string): Promise<DirectoryFacets> {
  const [types, spaces, roleRows, [cs]] = await Promise.all([
    db
      .select({ id: licenseTypes.id, name: licenseTypes.name, seatLimit: licenseTypes.seatLimit })
      .from(licenseTypes)
      .where(eq(licenseTypes.clientspaceId, clientspaceId))
      .orderBy(asc(licenseTypes.name)),
    db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(eq(workspaces.clientspaceId, clientspaceId)).orderBy(asc(workspaces.name)),
    db
      .select({ id: roles.id, key: roles.key, name: roles.name, permissions: roles.permissions })
      .from(roles)
      .where(eq(roles.clientspaceId, clientspaceId))
      .orderBy(asc(roles.name)),
    db.select({ inactivityDays: clientspaces.inactivityDays }).from(clientspaces).where(eq(clientspaces.id, clientspaceId)),
  ]);
  return { licenseTypes: types, workspaces: spaces, roles: roleRows, inactivityDays: cs?.inactivityDays ?? 90 };
}
