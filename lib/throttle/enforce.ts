import type { Db } from "@/db/types";
import { DomainError } from "@/lib/errors";
import { hitWindow, waitText, type WindowRule } from "./counter";
import { EMAIL_LOOKUP_PER_ACTOR, INVITATION_PER_TARGET, tooManyInvitations, tooManyLookups } from "./rules";

/**
 * Counts one hit inside the caller's transaction and refuses past the rule's limit. The refusal
 * rolls the transaction back, hit included: only work that was done counts, and a refused or
 * failed attempt (a target the actor may not see) costs nobody anything.
 */
async function enforce(tx: Db, rule: WindowRule, key: string, message: (wait: string) => string): Promise<void> {
  const verdict = await hitWindow(tx, rule, key);
  if (!verdict.allowed) throw new DomainError(message(waitText(verdict.retryAfterSeconds)), "invalid");
}

/** An invitation email to this account (panel or bulk resend): at most 5 an hour. */
export const throttleInvitation = (tx: Db, targetAccountId: string) => enforce(tx, INVITATION_PER_TARGET, targetAccountId, tooManyInvitations);

/** The create wizard's email lookup, per signed-in person: at most 30 a minute. */
export const throttleEmailLookup = (tx: Db, actorAccountId: string) => enforce(tx, EMAIL_LOOKUP_PER_ACTOR, actorAccountId, tooManyLookups);
