import { and, eq, isNull, or, sql } from "drizzle-orm";
import { accounts } from "@/db/schema";
import type { Db } from "@/db/types";
import { listSessionMemberships } from "@/db/queries/session";
import { findLockoutRule, listLockClientspaces } from "@/db/queries/sign-in";
import { writeAuditEvents } from "@/lib/audit";
import { timingDummyHash, verifyPassword } from "./password";
import { endAccountSessions } from "./sessions";

export const SIGN_IN_MESSAGES = {
  // One message for an unknown account and a wrong password: nobody learns who has an account.
  invalid: "The email, username or password is incorrect.",
  // Only ever shown to the right password: a wrong one on a locked account gets `invalid`.
  locked: "This account is locked after too many failed sign-ins. Ask your administrator to unlock it.",
  disabled: "Your access to Roster has been disabled. Ask your administrator.",
} as const;

export type SignInFailure = keyof typeof SIGN_IN_MESSAGES;
export type SignInResult = { ok: true; accountId: string; sessionVersion: number } | { ok: false; code: SignInFailure };

const DEFAULT_LOCKOUT_THRESHOLD = 10;

/** Email (any case) or username, then the password; counts failures and locks (SPEC section 8). */
export async function authenticate(db: Db, identifier: string, password: string): Promise<SignInResult> {
  const id = identifier.trim().toLowerCase();
  const [account] = id
    ? await db
        .select({
          id: accounts.id,
          passwordHash: accounts.passwordHash,
          lockedAt: accounts.lockedAt,
          sessionVersion: accounts.sessionVersion,
          label: sql<string>`${accounts.firstName} || ' ' || ${accounts.lastName}`,
        })
        .from(accounts)
        .where(or(sql`lower(${accounts.email}) = ${id}`, eq(accounts.username, id)))
        .limit(1)
    : [];

  // Always one argon2 verification, so an unknown account answers in about the same time.
  const valid = await verifyPassword(account?.passwordHash ?? (await timingDummyHash()), password);
  if (!account || !account.passwordHash) return { ok: false, code: "invalid" };
  const locked = account.lockedAt && !(await liftExpiredLock(db, account.id, account.lockedAt, account.label));
  // A wrong password on a locked account answers as an unknown account: "locked" would confirm it exists.
  if (locked) return { ok: false, code: valid ? "locked" : "invalid" };
  if (!valid) return recordFailure(db, account.id, account.label);

  const memberships = await listSessionMemberships(db, account.id);
  const usable = memberships.some((m) => !m.disabled && !m.pending);
  if (!usable) return { ok: false, code: memberships.some((m) => m.disabled) ? "disabled" : "invalid" };

  await db
    .update(accounts)
    .set({
      failedSignInCount: 0,
      firstConnectionAt: sql`coalesce(${accounts.firstConnectionAt}, now())`,
      lastConnectionAt: sql`now()`,
    })
    .where(eq(accounts.id, account.id));
  return { ok: true, accountId: account.id, sessionVersion: account.sessionVersion };
}

async function recordFailure(db: Db, accountId: string, label: string): Promise<SignInResult> {
  return db.transaction(async (tx) => {
    // The strictest threshold of the clientspaces the account has joined applies.
    const joined = await listLockClientspaces(tx, accountId);
    const limit = joined.length > 0 ? Math.min(...joined.map((c) => c.threshold)) : DEFAULT_LOCKOUT_THRESHOLD;
    const reached = sql`${accounts.failedSignInCount} + 1 >= ${limit}`;
    const [row] = await tx
      .update(accounts)
      .set({
        failedSignInCount: sql`${accounts.failedSignInCount} + 1`,
        lockedAt: sql`case when ${reached} then now() else null end`,
      })
      .where(and(eq(accounts.id, accountId), isNull(accounts.lockedAt)))
      .returning({ failed: accounts.failedSignInCount, lockedAt: accounts.lockedAt });
    if (!row?.lockedAt) return { ok: false, code: "invalid" } as const;
    await endAccountSessions(tx, accountId, "locked");

    for (const { clientspaceId } of joined) {
      await writeAuditEvents(tx, { accountId: null, label: "Roster", clientspaceId }, "system", [
        {
          action: "user.locked",
          targetType: "user",
          targetId: accountId,
          targetLabel: label,
          before: { locked: false },
          after: { locked: true, failedSignIns: row.failed },
        },
      ]);
    }
    // The attempt that locks answers like any wrong password: the lock is news only to the right one.
    return { ok: false, code: "invalid" } as const;
  });
}

/**
 * A lock lifts by itself once every clientspace of the account allows it (`lockout_minutes` set
 * everywhere; null means until an admin unlocks) and the longest of those minutes has passed.
 * Lifted here, at the next sign-in attempt, so that the failures start counting afresh.
 */
async function liftExpiredLock(db: Db, accountId: string, lockedAt: Date, label: string): Promise<boolean> {
  const rule = await findLockoutRule(db, accountId);
  if (rule.permanent || rule.minutes === null || lockedAt.getTime() + rule.minutes * 60_000 > Date.now()) return false;
  return db.transaction(async (tx) => {
    const lifted = await tx
      .update(accounts)
      .set({ lockedAt: null, failedSignInCount: 0 })
      // Decided again here, in the database's clock and precision, so that two attempts lift it once.
      .where(and(eq(accounts.id, accountId), sql`${accounts.lockedAt} <= now() - make_interval(mins => ${rule.minutes})`))
      .returning({ id: accounts.id });
    if (lifted.length === 0) return false;
    for (const { clientspaceId } of await listLockClientspaces(tx, accountId)) {
      await writeAuditEvents(tx, { accountId: null, label: "Roster", clientspaceId }, "system", [
        { action: "user.unlocked", targetType: "user", targetId: accountId, targetLabel: label, before: { locked: true }, after: { locked: false, by: "lockout expiry", lockoutMinutes: rule.minutes } },
      ]);
    }
    return true;
  });
}
