import { and, eq, isNull, min, or, sql } from "drizzle-orm";
import { accounts, clientspaceMemberships, clientspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import { listSessionMemberships } from "@/db/queries/session";
import { writeAuditEvents } from "@/lib/audit";
import { timingDummyHash, verifyPassword } from "./password";

export const SIGN_IN_MESSAGES = {
  // One message for an unknown account and a wrong password: nobody learns who has an account.
  invalid: "The email, username or password is incorrect.",
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
  if (account.lockedAt) return { ok: false, code: "locked" };
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
    // The strictest threshold of the account's clientspaces applies.
    const [{ threshold }] = await tx
      .select({ threshold: min(clientspaces.lockoutThreshold) })
      .from(clientspaceMemberships)
      .innerJoin(clientspaces, eq(clientspaces.id, clientspaceMemberships.clientspaceId))
      .where(eq(clientspaceMemberships.accountId, accountId));
    const limit = threshold ?? DEFAULT_LOCKOUT_THRESHOLD;
    const reached = sql`${accounts.failedSignInCount} + 1 >= ${limit}`;
    const [row] = await tx
      .update(accounts)
      .set({
        failedSignInCount: sql`${accounts.failedSignInCount} + 1`,
        lockedAt: sql`case when ${reached} then now() else null end`,
        sessionVersion: sql`case when ${reached} then ${accounts.sessionVersion} + 1 else ${accounts.sessionVersion} end`,
      })
      .where(and(eq(accounts.id, accountId), isNull(accounts.lockedAt)))
      .returning({ failed: accounts.failedSignInCount, lockedAt: accounts.lockedAt });
    if (!row?.lockedAt) return { ok: false, code: "invalid" } as const;

    const homes = await tx
      .select({ clientspaceId: clientspaceMemberships.clientspaceId })
      .from(clientspaceMemberships)
      .where(eq(clientspaceMemberships.accountId, accountId));
    for (const { clientspaceId } of homes) {
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
    return { ok: false, code: "locked" } as const;
  });
}
