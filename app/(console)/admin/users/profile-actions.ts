"use server";

import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/action";
import { updateProfile } from "@/lib/users/profile";
import { profileFieldsSchema } from "@/lib/users/profile-schema";
import { nameOf, refreshed, type Payload } from "./action-support";

/**
 * "Edit profile" from the users page's panel (SPEC section 2). updateProfile checks the permission
 * on the target, the version the form was filled from, and the email rules; a refusal of kind
 * "conflict" lets the form offer a reload that keeps what was typed.
 */

const expectations = {
  expectedVersion: z.coerce.number().int().min(1),
  expectedNames: z.object({ firstName: z.string().max(1000), lastName: z.string().max(1000) }),
};

const profileSchema = profileFieldsSchema.extend({ userId: z.uuid(), ...expectations });

export type SavedProfile = { changed: boolean; version: number };

const save = defineAction<typeof profileSchema, SavedProfile>(profileSchema, async (ctx, input) => {
  const result = await updateProfile(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: result.changed ? `${name}’s profile is saved.` : `Nothing to save: ${name}’s profile is unchanged.`, data: result };
});

export async function updateProfileAction(prev: ActionResult<SavedProfile> | null, payload: Payload<typeof profileSchema>) {
  return refreshed(await save(prev, payload));
}
