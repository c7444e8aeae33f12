"use server";

import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/action";
import { plural } from "@/lib/format";
import { deleteUser, deletionBlockers, removeFromClientspace, type DeletionCheck } from "@/lib/users/removal";
import { nameOf, refreshed, type Payload } from "./action-support";

/**
 * Remove from the clientspace and delete permanently, from the users page (SPEC section 2). The
 * domain functions check the permission on the target, the last-admin rule and every blocker.
 */

const userIdSchema = z.object({ userId: z.uuid() });

const deleteSchema = z.object({
  userId: z.uuid(),
  confirmEmail: z.string().trim().min(1, { error: "Type the user’s email to confirm." }).max(320),
});

const remove = defineAction(userIdSchema, async (ctx, input) => {
  // Read before: afterwards the user is no longer a member here to be named from.
  const name = await nameOf(ctx, input.userId);
  const { responsibleObjectsKept } = await removeFromClientspace(ctx, ctx.user, input);
  const kept = responsibleObjectsKept > 0 ? ` ${plural(responsibleObjectsKept, "object stays", "objects stay")} assigned to them.` : "";
  return { message: `${name} is removed from ${ctx.user.clientspaceName}. Their sessions have ended.${kept}` };
});

const erase = defineAction(deleteSchema, async (ctx, input) => {
  const { label } = await deleteUser(ctx, ctx.user, input);
  return { message: `${label} is deleted permanently.` };
});

// A read: it goes through the wrapper for the session check and the one error shape, writes nothing.
const blockers = defineAction<typeof userIdSchema, DeletionCheck>(userIdSchema, async (ctx, input) => {
  const check = await deletionBlockers(ctx.tx, ctx.user, input.userId);
  return { message: check.canDelete ? "Nothing prevents the deletion." : "The deletion is blocked.", data: check };
},
  { readOnly: true },
);

export async function removeFromClientspaceAction(prev: ActionResult | null, payload: Payload<typeof userIdSchema>) {
  return refreshed(await remove(prev, payload));
}

export async function deleteUserAction(prev: ActionResult | null, payload: Payload<typeof deleteSchema>) {
  return refreshed(await erase(prev, payload));
}

export async function deletionBlockersAction(payload: z.input<typeof userIdSchema>): Promise<ActionResult<DeletionCheck>> {
  return blockers(null, payload);
}
