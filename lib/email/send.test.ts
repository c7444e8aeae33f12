import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { emailOutbox } from "@/db/schema";
import { getOutboxEmail, listOutboxEmails } from "@/db/queries/outbox";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace } from "@/tests/support/factories";
import { emailLinks, queueEmail, renderEmail } from ".";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const savedEnv = { ...process.env };
afterEach(() => {
  for (const key of ["APP_URL", "NEXTAUTH_URL", "RESEND_API_KEY"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

class Rollback extends Error {}

describe("queueEmail", () => {
  it("writes nothing when the caller's transaction rolls back", async () => {
    await expect(
      h.db.transaction(async (tx) => {
        await queueEmail(tx, { to: "gone@example.test", template: "password-reset", props: { resetUrl: "/reset/abc" } });
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, "gone@example.test"))).toEqual([]);
  });

  it("writes a pending email with rendered bodies and absolute links when the transaction commits", async () => {
    process.env.APP_URL = "https://roster.example.test/";
    delete process.env.RESEND_API_KEY;
    const id = await h.db.transaction((tx) =>
      queueEmail(tx, {
        to: "ada@example.test",
        template: "invitation",
        props: { clientspaceName: "Acme & Co", inviterName: "Grace Hopper", acceptUrl: "/invitation/tok?x=1&y=2", expiresInHours: 24 },
      }),
    );
    const [row] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(row).toMatchObject({
      template: "invitation",
      to: "ada@example.test",
      subject: "You are invited to join Acme & Co on Roster",
      status: "pending",
      transport: "outbox",
      attempts: 0,
      sentAt: null,
    });
    const link = "https://roster.example.test/invitation/tok?x=1&y=2";
    expect(row.html).toContain('href="https://roster.example.test/invitation/tok?x=1&amp;y=2"');
    expect(row.html).toContain("Acme &amp; Co");
    expect(emailLinks(row.html)).toContainEqual({ href: link, text: "Accept invitation" });
    expect(row.text).toContain("Grace Hopper invited you to join Acme & Co on Roster");
    expect(row.text).toContain(link);
    expect(row.text).toContain("expires in 24 hours");
    expect(row.text).not.toMatch(/<[a-z]/i);
  });

  it("marks emails queued while Resend is configured for Resend", async () => {
    process.env.RESEND_API_KEY = "re_test";
    const id = await queueEmail(h.db, { to: "k@example.test", template: "password-reset", props: { resetUrl: "/r" } });
    const [row] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(row.transport).toBe("resend");
  });

  it("refuses a recipient that is not an address", async () => {
    await expect(
      queueEmail(h.db, { to: "a@b.test\nBcc: x@y.test", template: "password-reset", props: { resetUrl: "/r" } }),
    ).rejects.toThrow(/invalid recipient/);
  });
});

describe("templates", () => {
  it("render every email with its facts in both bodies", async () => {
    process.env.APP_URL = "http://localhost:3000";
    const reset = await renderEmail("password-reset", { resetUrl: "/reset-password/t1" });
    expect(reset.subject).toBe("Reset your Roster password");
    expect(reset.text).toContain("http://localhost:3000/reset-password/t1");
    expect(reset.text).toContain("valid for 1 hour");
    expect(reset.text).toContain("If you did not ask");

    const changed = await renderEmail("password-changed", {
      changedBy: "Alan Turing",
      changedAt: new Date("2025-03-04T05:06:00Z"),
    });
    expect(changed.text).toContain("changed by Alan Turing on 4 March 2025");
    expect(changed.text).toContain("05:06 UTC");
    expect(changed.text).toContain("contact your administrator");

    const added = await renderEmail("added-to-clientspace", {
      clientspaceName: "Initech",
      addedBy: "Bill",
      signInUrl: "/sign-in",
    });
    expect(added.subject).toBe("You were added to Initech on Roster");
    expect(emailLinks(added.html)[0]).toEqual({ href: "http://localhost:3000/sign-in", text: "Sign in to Roster" });

    const moved = await renderEmail("email-changed", { oldEmail: "old@example.test", newEmail: "new@example.test" });
    expect(moved.text).toContain("from old@example.test to new@example.test");
  });

  it("keep a name from breaking the subject line", async () => {
    const { subject } = await renderEmail("invitation", {
      clientspaceName: "Evil\r\nBcc: x@y.test",
      inviterName: "Eve",
      acceptUrl: "/a",
      expiresInHours: 1,
    });
    expect(subject).toBe("You are invited to join Evil Bcc: x@y.test on Roster");
  });
});

describe("listOutboxEmails and getOutboxEmail", () => {
  it("lists one clientspace's emails newest first, filters by whole address ignoring case and pages", async () => {
    const { clientspace } = await makeClientspace(h.db);
    const cs = clientspace.id;
    const ids: number[] = [];
    for (const to of ["Filter.Me@example.test", "other@example.test", "filter.me@example.test"]) {
      ids.push(await queueEmail(h.db, { clientspaceId: cs, to, template: "password-reset", props: { resetUrl: "/r" } }));
    }
    const mine = await listOutboxEmails(h.db, { clientspaceId: cs, to: "FILTER.me@example.test" });
    expect(mine.map((e) => e.id)).toEqual([ids[2], ids[0]]);
    expect(await listOutboxEmails(h.db, { clientspaceId: cs, to: "me@example.test" })).toEqual([]);
    const older = await listOutboxEmails(h.db, { clientspaceId: cs, to: "filter.me@example.test", before: ids[2] });
    expect(older.map((e) => e.id)).toEqual([ids[0]]);
    const [newest] = await listOutboxEmails(h.db, { clientspaceId: cs, limit: 1 });
    expect(newest.id).toBe(ids[2]);
    expect(newest).not.toHaveProperty("html");
  });

  it("never shows another clientspace's emails, nor those of no clientspace, in the list or by id", async () => {
    const { clientspace: acme } = await makeClientspace(h.db);
    const { clientspace: globex } = await makeClientspace(h.db);
    const acmeEmail = await queueEmail(h.db, { clientspaceId: acme.id, to: "shared@example.test", template: "password-reset", props: { resetUrl: "/r/acme" } });
    const globexEmail = await queueEmail(h.db, { clientspaceId: globex.id, to: "shared@example.test", template: "password-reset", props: { resetUrl: "/r/globex" } });
    const noScope = await queueEmail(h.db, { to: "shared@example.test", template: "password-reset", props: { resetUrl: "/r/none" } });

    expect((await listOutboxEmails(h.db, { clientspaceId: globex.id })).map((e) => e.id)).toEqual([globexEmail]);
    expect((await listOutboxEmails(h.db, { clientspaceId: globex.id, to: "shared@example.test" })).map((e) => e.id)).toEqual([globexEmail]);
    expect(await getOutboxEmail(h.db, globex.id, acmeEmail)).toBeUndefined();
    expect(await getOutboxEmail(h.db, globex.id, noScope)).toBeUndefined();
    expect((await getOutboxEmail(h.db, acme.id, acmeEmail))?.html).toContain("/r/acme");
  });
});
