import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountSessions, auditEvents, emailOutbox } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser, TEST_PASSWORD } from "@/tests/support/factories";
import { runWrite } from "@/lib/write";
import { DomainError } from "@/lib/errors";
import { changeOwnPassword, type ChangeOwnPasswordInput } from "./change-password";
import { verifyPassword } from "./password";
import { startSession } from "./sessions";

let h: DatabaseHandle;
let csId: string;
beforeAll(async () => {
  h = await createTestDatabase();
  csId = (await makeClientspace(h.db)).clientspace.id;
});
afterAll(async () => h?.close());

function change(accountId: string, input: ChangeOwnPasswordInput) {
  return runWrite(h.db, { accountId, label: "Self", clientspaceId: csId }, "ui", (ctx) =>
    changeOwnPassword(ctx, { accountId, clientspaceId: csId }, input),
  );
}

describe("changeOwnPassword", () => {
  it("changes the hash, ends other sessions, audits and emails the owner", async () => {
    const user = await makeUser(h.db, csId, { account: { firstName: "Grace", lastName: "Hopper" } });
    const [current, other] = [await startSession(h.db, { accountId: user.id, clientspaceId: csId }), await startSession(h.db, { accountId: user.id, clientspaceId: csId })];
    const next = "amber-lantern-over-77-dunes";
    expect(
      await runWrite(h.db, { accountId: user.id, label: "Self", clientspaceId: csId }, "ui", (ctx) =>
        changeOwnPassword(ctx, { accountId: user.id, clientspaceId: csId, sessionId: current }, { currentPassword: TEST_PASSWORD, newPassword: next, confirmPassword: next }),
      ),
    ).toEqual({ sessionVersion: 1 });
    const sessions = await h.db.select().from(accountSessions).where(eq(accountSessions.accountId, user.id));
    expect(Object.fromEntries(sessions.map((s) => [s.id, s.revokedReason]))).toEqual({ [current]: null, [other]: "password_changed" });
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, user.id));
    expect(await verifyPassword(row.passwordHash!, next)).toBe(true);
    expect(row.sessionVersion).toBe(1);
    expect(row.passwordChangedAt).not.toBeNull();
    const events = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.password_changed")));
    expect(events).toHaveLength(1);
    const mails = await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email));
    expect(mails.map((m) => m.template)).toEqual(["password-changed"]);
  });

  it.each([
    ["a wrong current password", { currentPassword: "nope", newPassword: "amber-lantern-over-77-dunes" }, "currentPassword"],
    ["a short password", { currentPassword: TEST_PASSWORD, newPassword: "short-1" }, "newPassword"],
    ["a common password", { currentPassword: TEST_PASSWORD, newPassword: "qwerty123456" }, "newPassword"],
    ["a password containing the name", { currentPassword: TEST_PASSWORD, newPassword: "lovelace-is-my-hero-12" }, "newPassword"],
  ])("refuses %s and changes nothing", async (_label, input, field) => {
    const user = await makeUser(h.db, csId, { account: { firstName: "Ada", lastName: "Lovelace" } });
    const err = await change(user.id, { ...input, confirmPassword: input.newPassword }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(Object.keys((err as DomainError).fieldErrors ?? {})).toContain(field);
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, user.id));
    expect(row.sessionVersion).toBe(0);
    expect(await verifyPassword(row.passwordHash!, TEST_PASSWORD)).toBe(true);
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id))).toHaveLength(0);
  });

  it("refuses a confirmation that does not match", async () => {
    const user = await makeUser(h.db, csId);
    const err = await change(user.id, {
      currentPassword: TEST_PASSWORD,
      newPassword: "amber-lantern-over-77-dunes",
      confirmPassword: "amber-lantern-over-77-dune",
    }).catch((e) => e);
    expect((err as DomainError).fieldErrors).toHaveProperty("confirmPassword");
  });
});
