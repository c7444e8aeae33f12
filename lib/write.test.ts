import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships, emailOutbox } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { queueEmail } from "@/lib/email";
import { runWrite } from "./write";

let h: DatabaseHandle;
let csId: string;
beforeAll(async () => {
  h = await createTestDatabase();
  csId = (await makeClientspace(h.db)).clientspace.id;
});
afterAll(async () => h?.close());

const actor = () => ({ accountId: null, label: "Test admin", clientspaceId: csId });

async function retitle(userId: string, title: string, fail: boolean) {
  return runWrite(h.db, actor(), "ui", async ({ tx, audit }) => {
    await tx.update(clientspaceMemberships).set({ title }).where(eq(clientspaceMemberships.accountId, userId));
    audit.record({ action: "user.updated", targetType: "user", targetId: userId, before: { title: null }, after: { title } });
    await queueEmail(tx, { to: "someone@example.test", template: "password-changed", props: { changedBy: "x", changedAt: new Date() } });
    if (fail) throw new Error("boom after the write");
    return "done";
  });
}

describe("runWrite", () => {
  it("commits a change together with its audit event and its email", async () => {
    const user = await makeUser(h.db, csId);
    expect(await retitle(user.id, "Engineer", false)).toBe("done");
    const [m] = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, user.id));
    expect(m.title).toBe("Engineer");
    const events = await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "user.updated", source: "ui", actorLabel: "Test admin", after: { title: "Engineer" } });
  });

  it("rolls back the change, its audit event and its email together", async () => {
    const user = await makeUser(h.db, csId);
    const emailsBefore = (await h.db.select().from(emailOutbox)).length;
    await expect(retitle(user.id, "Ghost", true)).rejects.toThrow("boom after the write");
    const [m] = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, user.id));
    expect(m.title).toBeNull();
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id))).toHaveLength(0);
    expect(await h.db.select().from(emailOutbox)).toHaveLength(emailsBefore);
  });

  it("runs afterCommit only once committed", async () => {
    const user = await makeUser(h.db, csId);
    let calls = 0;
    await runWrite(h.db, actor(), "import", async ({ audit }) => audit.record({ action: "x", targetType: "user", targetId: user.id }), {
      afterCommit: async () => void calls++,
    });
    await expect(
      runWrite(h.db, actor(), "import", async () => Promise.reject(new Error("no")), { afterCommit: async () => void calls++ }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
    const [e] = await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(e.source).toBe("import");
  });
});
