import "server-only";
import { and, eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { clientspaceMemberships } from "@/db/schema";
import type { ActionContext, ActionResult } from "@/lib/action";
import { targetLabel } from "@/lib/users/target";

/** What the users page's actions accept: a form, or the values from code. */
export type Payload<S extends z.ZodType> = FormData | z.input<S>;

/**
 * The user's name for a result message, as this clientspace sees it (the membership's copy: the
 * typed names of someone invited from elsewhere who has not accepted, never their account's);
 * read only after the domain function allowed the action. A user removed by it is no longer a
 * member: "The user".
 */
export async function nameOf(ctx: ActionContext, userId: string): Promise<string> {
  const [row] = await ctx.tx
    .select({ firstName: clientspaceMemberships.firstName, lastName: clientspaceMemberships.lastName, email: clientspaceMemberships.email })
    .from(clientspaceMemberships)
    .where(and(eq(clientspaceMemberships.clientspaceId, ctx.user.clientspaceId), eq(clientspaceMemberships.accountId, userId)));
  return row ? targetLabel(row) || row.email : "The user";
}

// revalidatePath runs after the wrapper has returned, so after the commit, never inside it.
export function refreshed<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok) revalidatePath("/admin/users");
  return result;
}
