import { enabledAdminIds } from "@/db/queries/admins";
import { DomainError } from "@/lib/errors";
import type { WriteContext } from "@/lib/write";

/**
 * Locks every enabled admin of the clientspace, in a fixed order so concurrent callers cannot
 * deadlock. Take it before the target's own row: a second demotion, removal or delete waits here
 * and then sees the first one's result, so two admins acting on each other cannot both succeed.
 */
export async function lockEnabledAdmins(ctx: WriteContext, clientspaceId: string): Promise<string[]> {
  return enabledAdminIds(ctx.tx, clientspaceId, { lock: true });
}

/** The clientspace must keep at least one enabled admin (SPEC section 2). */
export function refuseLastAdmin(lockedAdmins: readonly string[], target: { accountId: string; isAdmin: boolean; disabled: boolean }, todo: string) {
  if (!target.isAdmin || target.disabled) return;
  if (lockedAdmins.some((id) => id !== target.accountId)) return;
  throw new DomainError(`This is the last admin of the clientspace: make someone else admin before you ${todo}.`, "conflict");
}
