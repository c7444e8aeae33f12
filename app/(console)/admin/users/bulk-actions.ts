"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import type { ActionResult } from "@/lib/action";
import { getSessionCheck } from "@/lib/auth/current-user";
import { deliverPendingEmails } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { BulkInterrupted, runBulkAction } from "@/lib/users/bulk";
import { bulkInputSchema, type BulkInput, type BulkResult } from "@/lib/users/bulk-schema";
import { invalidateStats } from "@/lib/users/stats-cache";

/**
 * Bulk actions from the users page's selection bar. Not defineAction: a run commits batch by batch
 * (lib/users/bulk.ts says why), so the steps are spelt out here: the signed-in user, the input
 * parsed, the run, then the counts and the page refreshed for whatever committed.
 */

const DONE: Record<BulkInput["action"], string> = {
  invite: "Invited",
  disable: "Disabled",
  enable: "Enabled",
  addToWorkspace: "Added",
  removeFromWorkspace: "Removed",
};

function outcome(action: BulkInput["action"], result: BulkResult): string {
  const users = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "user" : "users"}`;
  const done = `${DONE[action]}: ${users(result.done)}`;
  return result.skipped > 0 ? `${done} · Skipped: ${result.skipped.toLocaleString("en")}` : `${done}.`;
}

export async function runBulkUsersAction(_prev: ActionResult<BulkResult> | null, payload: z.input<typeof bulkInputSchema>): Promise<ActionResult<BulkResult>> {
  const check = await getSessionCheck();
  if (!check?.ok) return { ok: false, message: "Your session has ended. Sign in again." };
  const user = check.user;

  const parsed = bulkInputSchema.safeParse(payload);
  if (!parsed.success) {
    // Our own messages ("Choose a workspace.", "Select at most 2,000 users…") say what to do; the rest means a stale page.
    const issue = parsed.error.issues[0];
    const ours =
      issue &&
      (issue.path.includes("workspaceId") || issue.path.includes("roleId") || (issue.path.at(-1) === "ids" && (issue.code === "too_big" || issue.code === "too_small")));
    return {
      ok: false,
      message: ours ? issue.message : "This selection cannot be acted on. Reload the page and select again.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>,
    };
  }

  const db = await getDb();
  const runner = {
    db,
    auditActor: { accountId: user.accountId, label: user.name, clientspaceId: user.clientspaceId },
    source: "ui" as const,
    afterBatch: () => deliverPendingEmails(db),
  };
  let changed = false;
  try {
    const result = await runBulkAction(runner, user, parsed.data);
    changed = result.done > 0;
    return { ok: true, message: outcome(parsed.data.action, result), data: result };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message, kind: err.kind };
    if (err instanceof BulkInterrupted) {
      console.error("Bulk action interrupted", err.cause);
      const { done } = err.partial;
      changed = done > 0;
      return {
        ok: false,
        message: changed
          ? `Something went wrong after ${done.toLocaleString("en")} users were done: their changes are saved, the others were not changed. Run it again to finish.`
          : "Something went wrong and nothing was changed. Try again in a moment.",
      };
    }
    console.error("Bulk action failed", err);
    return { ok: false, message: "Something went wrong and nothing was changed. Try again in a moment." };
  } finally {
    // Whatever committed (the whole run, or the batches before a failure) shows at once.
    if (changed) {
      invalidateStats(user.clientspaceId);
      revalidatePath("/admin/users");
    }
  }
}
