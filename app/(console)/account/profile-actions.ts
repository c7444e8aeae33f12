"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Payload } from "@/app/(console)/admin/users/action-support";
import { defineAction, type ActionResult } from "@/lib/action";
import { updateProfile } from "@/lib/users/profile";
import { profileFieldsSchema } from "@/lib/users/profile-schema";

/**
 * A member edits their own profile at /account: always their own account (the id comes from the
 * session, never from the form), and never the email or internal/external, which this schema
 * drops before the domain function sees the input.
 */

const ownProfileSchema = profileFieldsSchema.omit({ kind: true, email: true }).extend({
  expectedVersion: z.coerce.number().int().min(1),
  expectedNames: z.object({ firstName: z.string().max(1000), lastName: z.string().max(1000) }),
});

type SavedProfile = { changed: boolean; version: number };

const save = defineAction<typeof ownProfileSchema, SavedProfile>(ownProfileSchema, async (ctx, input) => {
  const result = await updateProfile(ctx, ctx.user, { ...input, userId: ctx.user.accountId });
  return { message: result.changed ? "Your profile is saved." : "Nothing to save: your profile is unchanged.", data: result };
});

export async function updateOwnProfileAction(prev: ActionResult<SavedProfile> | null, payload: Payload<typeof ownProfileSchema>) {
  const result = await save(prev, payload);
  // After the commit: the page and the top bar show the new names.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
