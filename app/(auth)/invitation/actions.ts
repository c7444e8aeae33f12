"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requestClientAddress } from "@/lib/auth/client-address";
import { acceptInvitationSchema, requestInvitationSchema, type AcceptInvitationResult } from "@/lib/auth/invitation-schemas";
import type { SelfServiceResult } from "@/lib/auth/reset-schemas";
import { deliverPendingEmails } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { acceptInvitation, INVITATION_LINK_MESSAGES, InvitationLinkError, requestNewInvitation } from "@/lib/users/accept-invitation";

/** Public (no session): the only place an invitation link is used up. The client signs in after. */
export async function acceptInvitationAction(payload: unknown): Promise<AcceptInvitationResult> {
  const parsed = acceptInvitationSchema.safeParse(payload);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors;
    if (fieldErrors.token) return { ok: false, message: INVITATION_LINK_MESSAGES.invalid, linkProblem: "invalid" };
    return { ok: false, message: "Some fields need your attention.", fieldErrors };
  }
  try {
    const joined = await acceptInvitation(
      await getDb(),
      parsed.data.token,
      { password: parsed.data.password, currentPassword: parsed.data.currentPassword },
      { clientAddress: requestClientAddress(await headers()) },
    );
    return {
      ok: true,
      message: `You have joined ${joined.clientspaceName}.`,
      email: joined.email,
      passwordSet: joined.passwordSet,
    };
  } catch (err) {
    if (err instanceof InvitationLinkError) return { ok: false, message: err.message, linkProblem: err.state };
    if (err instanceof DomainError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors };
    console.error("Accepting an invitation failed", err);
    return { ok: false, message: "Something went wrong and the invitation was not accepted. Try again in a moment." };
  }
}

/** Public (no session): the same answer whatever the link was, so it tells nobody anything. */
export async function requestNewInvitationAction(payload: unknown): Promise<SelfServiceResult> {
  const parsed = requestInvitationSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, message: INVITATION_LINK_MESSAGES.invalid };
  try {
    const db = await getDb();
    const { message } = await requestNewInvitation(db, parsed.data.token);
    after(() => deliverPendingEmails(db));
    return { ok: true, message };
  } catch (err) {
    console.error("Asking for a new invitation failed", err);
    return { ok: false, message: "Something went wrong. Try again in a moment." };
  }
}
