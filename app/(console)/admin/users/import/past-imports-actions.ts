"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineBatchedAction } from "@/lib/action";
import { discardImportJobs, MAX_DISCARD, type DiscardResult } from "@/lib/import/abandoned";

/**
 * Past imports: discard several previews at once. defineBatchedAction, not defineAction: the jobs
 * are claimed and audited in one transaction, then their rows (up to 100,000 each) are deleted in
 * chunks after it (lib/import/abandoned.ts says why).
 */

const discardSchema = z.object({
  jobIds: z.array(z.uuid()).min(1, "Select at least one import to discard.").max(MAX_DISCARD, `Select at most ${MAX_DISCARD} imports at once.`),
});

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** The answer, part by part: "3 previews discarded. 1 import had already started and was kept." */
function discardMessage(r: DiscardResult): string {
  const parts: string[] = [];
  if (r.discarded > 0) parts.push(`${count(r.discarded, "preview", "previews")} discarded.`);
  else parts.push("Nothing was discarded.");
  if (r.kept > 0) parts.push(`${count(r.kept, "import had already started and was kept", "imports had already started and were kept")}.`);
  if (r.absent > 0) parts.push(`${count(r.absent, "import was not found", "imports were not found")}: reload the page to see the current list.`);
  if (r.unfinished > 0) {
    parts.push(`${count(r.unfinished, "preview", "previews")} could not be removed completely and will not start: discard again to finish.`);
  }
  return parts.join(" ");
}

/** Our own messages say what to do; any other refusal means a page built from stale ids. */
function invalidSelection(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue?.path.length === 1 && (issue.code === "too_big" || issue.code === "too_small")
    ? issue.message
    : "These imports cannot be discarded from this page. Reload it and select them again.";
}

export const discardImportsAction = defineBatchedAction<typeof discardSchema, DiscardResult>(
  discardSchema,
  async ({ user, runner }, { jobIds }) => {
    const result = await discardImportJobs(runner, user, jobIds);
    if (result.discarded > 0) revalidatePath("/admin/users/import");
    const message = discardMessage(result);
    return result.discarded > 0 && result.unfinished === 0 ? { message, data: result } : { ok: false, message };
  },
  { invalidMessage: invalidSelection },
);
