import type { DelayRule, WindowRule } from "./counter";

/**
 * Every throttle of Roster, in one place (SPEC section 8; docs/decisions/001-throttling-counter.md).
 * Sign-in slows down rather than refuses for long: a person who mistypes a few times is never
 * held up, a guesser soon waits a minute per try, and the account lock (10 failures in a row)
 * still applies underneath. The email rules cap what one address or one person can be sent.
 */

/** Per account (or per unknown identifier, so that both answer alike): 3 free, then 1 s, 2 s, 4 s… at most 60 s. */
export const SIGN_IN_PER_ACCOUNT: DelayRule = {
  bucket: "sign-in:account",
  freeAttempts: 3,
  firstDelaySeconds: 1,
  maxDelaySeconds: 60,
  forgetAfterSeconds: 15 * 60,
};

/** Per client address: more free attempts (an office behind one address), then the same doubling up to 5 minutes. */
export const SIGN_IN_PER_ADDRESS: DelayRule = {
  bucket: "sign-in:address",
  freeAttempts: 10,
  firstDelaySeconds: 1,
  maxDelaySeconds: 5 * 60,
  forgetAfterSeconds: 15 * 60,
};

/** Forgot password: 3 an hour from one client address… */
export const FORGOT_PASSWORD_PER_ADDRESS: WindowRule = { bucket: "forgot-password:address", limit: 3, windowSeconds: 60 * 60 };
/** …and 3 an hour to one email address, whoever asks (nobody's inbox gets flooded). */
export const FORGOT_PASSWORD_PER_TARGET: WindowRule = { bucket: "forgot-password:target", limit: 3, windowSeconds: 60 * 60 };

/** Invitation emails to one person: 5 an hour, from the panel or a bulk action. */
export const INVITATION_PER_TARGET: WindowRule = { bucket: "invitation:target", limit: 5, windowSeconds: 60 * 60 };

/** The create wizard's email lookup: 30 a minute per admin, plenty for typing, too few to enumerate. */
export const EMAIL_LOOKUP_PER_ACTOR: WindowRule = { bucket: "email-lookup:actor", limit: 30, windowSeconds: 60 };

/** The answer to a throttled sign-in, the same for any account, known or not. */
export const tooManyAttempts = (wait: string) => `Too many attempts. Try again in ${wait}.`;

export const tooManyInvitations = (wait: string) =>
  `Too many invitations to this person: ${INVITATION_PER_TARGET.limit} were sent in the last hour. Try again in ${wait}.`;
export const tooManyLookups = (wait: string) => `Too many addresses checked in a short time. Try again in ${wait}.`;
