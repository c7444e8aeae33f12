import type { DirectoryPageQuery } from "@/db/queries/users";
import { userScope, type Actor } from "@/lib/permissions";
import { pickFilters, type DirectoryParams } from "./directory-params";

/**
 * The users listing an actor may see with these URL parameters: their clientspace, the scope the
 * permission table gives them, the filters, and the clock that statuses are computed at.
 * Returns null when the actor may not see the directory at all.
 */
export function directoryQueryFor(
  actor: Actor,
  params: DirectoryParams,
  clock: { now: Date; inactivityDays: number },
): DirectoryPageQuery | null {
  const scope = userScope(actor, "directory.view");
  if (!scope) return null;
  return {
    clientspaceId: actor.clientspaceId,
    scope,
    filters: pickFilters(params),
    sort: params.sort,
    dir: params.dir,
    size: params.size,
    cursor: params.cursor,
    now: clock.now,
    inactivityDays: clock.inactivityDays,
  };
}
