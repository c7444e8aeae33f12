"use server";

import { defineAction, type ActionResult } from "@/lib/action";
import { throttleEmailLookup } from "@/lib/throttle/enforce";
import { createUser, lookupEmailForCreate } from "@/lib/users/create-user";
import { createUserSchema, lookupEmailSchema, type EmailLookup } from "@/lib/users/create-user-schema";
import { nameOf, refreshed, type Payload } from "./action-support";

/**
 * The create-user wizard (SPEC section 5): step 1 looks the address up, the last step creates.
 * The domain functions decide who may create what; the generated password travels back once.
 */

type Created = { userId: string; generatedPassword?: string };

// A read, run in the wrapper's transaction for its session and input checks; it writes nothing.
const lookup = defineAction<typeof lookupEmailSchema, EmailLookup>(lookupEmailSchema, async (ctx, input) => {
  await throttleEmailLookup(ctx.tx, ctx.user.accountId);
  const found = await lookupEmailForCreate(ctx.tx, ctx.user, input.email);
  const message = found.kind === "member" ? `${found.name} is already a member of this clientspace.` : "Not a member of this clientspace yet.";
  return { message, data: found };
},
  { readOnly: true },
);

const create = defineAction<typeof createUserSchema, Created>(createUserSchema, async (ctx, input) => {
  const result = await createUser(ctx, ctx.user, input);
  const name = await nameOf(ctx, result.userId);
  const message = result.invitedInstead
    ? `${name} was invited by email: this address cannot be given a password here, so they join when they accept.`
    : result.access === "invitation"
      ? `${name} was created and invited by email.`
      : `${name} was created and can sign in now.`;
  return { message, data: { userId: result.userId, ...(result.generatedPassword ? { generatedPassword: result.generatedPassword } : {}) } };
});

export async function lookupEmailAction(prev: ActionResult<EmailLookup> | null, payload: Payload<typeof lookupEmailSchema>) {
  return lookup(prev, payload);
}

export async function createUserAction(prev: ActionResult<Created> | null, payload: Payload<typeof createUserSchema>) {
  return refreshed(await create(prev, payload));
}
