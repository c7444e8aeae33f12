import { findAccountIdByIdentifier } from "@/db/queries/sign-in";
import type { Db } from "@/db/types";
import { attemptDelayed, clearThrottle, forgive, waitText } from "@/lib/throttle/counter";
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_ADDRESS, tooManyAttempts } from "@/lib/throttle/rules";
import { authenticate, SIGN_IN_MESSAGES } from "./sign-in";

export type ThrottledSignIn = { ok: true; accountId: string; sessionVersion: number } | { ok: false; message: string };

/**
 * The key the per-account delays count under: the account when the identifier names one (its email
 * and username share it), else the identifier itself, so that an unknown account slows down
 * exactly as a known one does and the delay reveals nothing.
 */
async function accountKey(db: Db, identifier: string): Promise<string> {
  return (await findAccountIdByIdentifier(db, identifier)) ?? `unknown:${identifier.trim().toLowerCase()}`;
}

/**
 * Sign-in as the form calls it: the client address's and the account's delays first (SPEC section
 * 8; lib/throttle/rules.ts), then the password. A refusal is answered before any password check,
 * alike for every account. A right password takes its attempt back from the address (an office
 * behind one address is not slowed by its colleagues' successes) and clears the account's count.
 */
export async function signInWithThrottle(db: Db, input: { identifier: string; password: string; clientAddress: string }): Promise<ThrottledSignIn> {
  const byAddress = await attemptDelayed(db, SIGN_IN_PER_ADDRESS, input.clientAddress);
  if (!byAddress.allowed) return { ok: false, message: tooManyAttempts(waitText(byAddress.retryAfterSeconds)) };
  const key = await accountKey(db, input.identifier);
  const byAccount = await attemptDelayed(db, SIGN_IN_PER_ACCOUNT, key);
  if (!byAccount.allowed) return { ok: false, message: tooManyAttempts(waitText(byAccount.retryAfterSeconds)) };

  const result = await authenticate(db, input.identifier, input.password);
  if (!result.ok) return { ok: false, message: SIGN_IN_MESSAGES[result.code] };
  await clearThrottle(db, SIGN_IN_PER_ACCOUNT.bucket, key);
  await forgive(db, SIGN_IN_PER_ADDRESS, input.clientAddress);
  return result;
}
