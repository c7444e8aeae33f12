"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { defineBatchedAction, FAILED_MESSAGE } from "@/lib/action";
import { BulkInterrupted, runBulkAction } from "@/lib/users/bulk";
import { bulkInputSchema, type BulkInput, type BulkResult } from "@/lib/users/bulk-schema";

/**
 * Bulk actions from the users page's selection bar. defineBatchedAction, not defineAction: a run
 * commits batch by batch (lib/users/bulk.ts says why), so a failure may come after some users
 * were done, and the answer must say so.
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

/** Our own messages ("Choose a workspace.", "Select at most 2,000 users…") say what to do; the rest means a stale page. */
function invalidSelection(error: z.ZodError): string {
  const issue = error.issues[0];
  const ours =
    issue &&
    (issue.path.includes("workspaceId") || issue.path.includes("roleId") || (issue.path.at(-1) === "ids" && (issue.code === "too_big" || issue.code === "too_small")));
  return ours ? issue.message : "This selection cannot be acted on. Reload the page and select again.";
}

export const runBulkUsersAction = defineBatchedAction<typeof bulkInputSchema, BulkResult>(
  bulkInputSchema,
  async ({ user, runner }, input) => {
    try {
      const result = await runBulkAction(runner, user, input);
      if (result.done > 0) revalidatePath("/admin/users");
      return { message: outcome(input.action, result), data: result };
    } catch (err) {
      if (!(err instanceof BulkInterrupted)) throw err;
      console.error("Bulk action interrupted", err.cause);
      const { done } = err.partial;
      if (done === 0) return { ok: false, message: FAILED_MESSAGE };
      // The batches before the failure committed: they show at once, and the message says so.
      revalidatePath("/admin/users");
      return {
        ok: false,
        message: `Something went wrong after ${done.toLocaleString("en")} users were done: their changes are saved, the others were not changed. Run it again to finish.`,
      };
    }
  },
  { invalidMessage: invalidSelection },
);
