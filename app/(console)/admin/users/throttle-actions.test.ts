import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accountTokens, emailOutbox } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { sessionOf } from "@/tests/support/session";

// The actions' Next.js edges (the session, the process database, the page cache) are replaced by
// a test database, a real session of the test admin and a spy; the throttles run for real.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { resendInvitationAction } = await import("./invitation-actions");
const { lookupEmailAction } = await import("./create-actions");

let h: DatabaseHandle;
let csId: string;
beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  csId = (await makeClientspace(h.db)).clientspace.id;
});
afterAll(async () => h?.close());

async function asNewAdmin() {
  const admin = await makeUser(h.db, csId, { membership: { isAdmin: true } });
  state.session = await sessionOf(h.db, admin.id, csId);
  return admin;
}
beforeEach(asNewAdmin);

const invitee = () =>
  makeUser(h.db, csId, {
    account: { passwordHash: null },
    membership: { joinedAt: null, invitedAt: new Date(), invitationExpiresAt: new Date(Date.now() + 86_400_000) },
  });

describe("invitation resend", () => {
  it("sends 5 invitations an hour to one person, then tells the admin to wait and sends nothing", async () => {
    const user = await invitee();
    for (let i = 0; i < 5; i++) expect(await resendInvitationAction(null, { userId: user.id })).toMatchObject({ ok: true });
    // Another admin changes nothing: the limit protects the person's inbox.
    await asNewAdmin();
    const refused = await resendInvitationAction(null, { userId: user.id });
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^Too many invitations to this person: 5 were sent in the last hour\. Try again in \d+ minutes?\.$/) });
    const mails = await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email));
    expect(mails).toHaveLength(5);
    const live = await h.db.select().from(accountTokens).where(and(eq(accountTokens.accountId, user.id), eq(accountTokens.purpose, "invitation")));
    expect(live).toHaveLength(5);
    // Someone else is not held up.
    expect(await resendInvitationAction(null, { userId: (await invitee()).id })).toMatchObject({ ok: true });
  });
});

describe("the create wizard's email lookup", () => {
  it("answers 30 lookups a minute per admin, then asks to wait", async () => {
    for (let i = 0; i < 30; i++) expect(await lookupEmailAction(null, { email: `someone-${i}@example.test` })).toMatchObject({ ok: true });
    expect(await lookupEmailAction(null, { email: "one-more@example.test" })).toEqual({
      ok: false,
      message: expect.stringMatching(/^Too many addresses checked in a short time\. Try again in \d+ seconds?\.$/),
      kind: "invalid",
    });
    // Another admin has a count of their own.
    await asNewAdmin();
    expect(await lookupEmailAction(null, { email: "one-more@example.test" })).toMatchObject({ ok: true });
  });
});
