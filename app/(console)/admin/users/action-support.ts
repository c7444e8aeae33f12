import "server-only";
import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { accounts } from "@/db/schema";
import type { ActionContext, ActionResult } from "@/lib/action";
import { targetLabel } from "@/lib/users/target";

/** What the users page's actions accept: a form, or the values from code. */
export type Payload<S extends z.ZodType> = FormData | z.input<S>;

/** The user's name for a result message; read only after the domain function allowed the action. */
export async function nameOf(ctx: ActionContext, userId: string): Promise<string> {
  const [row] = await ctx.tx
    .select({ firstName: accounts.firstName, lastName: accounts.lastName, email: accounts.email })
    .from(accounts)
    .where(eq(accounts.id, userId));
  return row ? targetLabel(row) || row.email : "The user";
}

// revalidatePath runs after the wrapper has returned, so after the commit, never inside it.
export function refreshed<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok) revalidatePath("/admin/users");
  return result;
}
