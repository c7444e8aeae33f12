import "server-only";
import { eq, sql } from "drizzle-orm";
import { clientspaces } from "@/db/schema";
import type { Db } from "@/db/types";

export type DirectoryFacets = {
  licenseTypes: { id: string; name: string; seatLimit: number }[];
  workspaces: { id: string; name: string }[];
  roles: { id: string; key: string; name: string; permissions: string[] }[];
  inactivityDays: number;
  /** How long an invitation link lasts (the create-user wizard says so). */
  invitationHours: number;
};

/**
 * What the filters offer (and what a status is computed with), for one clientspace. One statement
 * rather than one per list: every users page reads it, and each round trip costs the page's only
 * thread a socket write and a parse.
 */
export async function loadDirectoryFacets(db: Db, clientspaceId: string): Promise<DirectoryFacets> {
  const [row] = await db
    .select({
      licenseTypes: sql<DirectoryFacets["licenseTypes"]>`coalesce((
        select json_agg(json_build_object('id', l.id, 'name', l.name, 'seatLimit', l.seat_limit) order by l.name)
        from license_types l where l.clientspace_id = ${clientspaceId}), '[]'::json)`,
      workspaces: sql<DirectoryFacets["workspaces"]>`coalesce((
        select json_agg(json_build_object('id', w.id, 'name', w.name) order by w.name)
        from workspaces w where w.clientspace_id = ${clientspaceId}), '[]'::json)`,
      roles: sql<DirectoryFacets["roles"]>`coalesce((
        select json_agg(json_build_object('id', r.id, 'key', r.key, 'name', r.name, 'permissions', r.permissions) order by r.name)
        from roles r where r.clientspace_id = ${clientspaceId}), '[]'::json)`,
      inactivityDays: clientspaces.inactivityDays,
      invitationHours: clientspaces.invitationHours,
    })
    .from(clientspaces)
    .where(eq(clientspaces.id, clientspaceId));
  if (!row) return { licenseTypes: [], workspaces: [], roles: [], inactivityDays: 90, invitationHours: 24 };
  return row;
}
