import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accountTokens, auditEvents, clientspaceMemberships, emailOutbox } from "@/db/schema";
import { hashLinkToken } from "@/lib/auth/link-token";
import { DomainError } from "@/lib/errors";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { makeRightsWorld, ROLE_CASES, runAs, type RoleCase } from "@/tests/support/rights-world";
import { resendInvitation } from "./invitation";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

async function invitedUser(world: Awaited<ReturnType<typeof makeRightsWorld>>) {
  const invitedAt = new Date(Date.now() - 3_600_000);
  return makeUser(h.db, world.csId, {
    account: { passwordHash: null },
    membership: { joinedAt: null, invitedAt, invitationExpiresAt: new Date(invitedAt.getTime() + 86_400_000), origin: "created" },
    superUserOf: { workspaceId: world.sales.id, roleId: world.viewerRole.id },
  });
}

const tokenFromEmail = (html: string) => decodeURIComponent(/invitation\?token=([^"&]+)/.exec(html)![1]);
const membership = async (cs: string, accountId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, cs), eq(clientspaceMemberships.accountId, accountId))))[0];

describe("resendInvitation", () => {
  const expected: Record<RoleCase, true | "forbidden" | "not_found"> = {
    admin: true,
    auditor: "forbidden",
    superUser: true,
    otherSuperUser: "not_found",
    member: "not_found",
  };
  for (const role of ROLE_CASES) {
    it(`${role}: ${expected[role] === true ? "sends a new link" : `refused (${expected[role]})`}`, async () => {
      const world = await makeRightsWorld(h.db);
      const user = await invitedUser(world);
      const run = runAs(h.db, world.actors[role], resendInvitation, { userId: user.id });
      if (expected[role] === true) {
        await expect(run).resolves.toMatchObject({ changed: true });
        const mails = await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email));
        expect(mails.map((m) => m.template)).toEqual(["invitation"]);
        const [event] = await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
        expect(event.action).toBe("user.invitation_resent");
      } else {
        await expect(run).rejects.toMatchObject({ kind: expected[role] });
        expect(await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email))).toHaveLength(0);
      }
    });
  }

  it("voids the earlier link, keeps only the newest, and sets the expiry from the clientspace's hours", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitedUser(world);
    const now = new Date("2026-11-01T10:00:00Z");
    await runAs(h.db, world.actors.admin, (ctx, actor, input: { userId: string }) => resendInvitation(ctx, actor, input, { now }), { userId: user.id });
    await runAs(h.db, world.actors.admin, resendInvitation, { userId: user.id });
    const mails = await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email)).orderBy(emailOutbox.id);
    const [first, second] = mails.map((m) => tokenFromEmail(m.html));
    const tokens = await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, user.id));
    const byHash = new Map(tokens.map((t) => [t.tokenHash, t]));
    expect(byHash.get(hashLinkToken(first))?.voidedAt).not.toBeNull();
    expect(byHash.get(hashLinkToken(first))?.expiresAt.toISOString()).toBe("2026-11-02T10:00:00.000Z");
    expect(byHash.get(hashLinkToken(second))?.voidedAt).toBeNull();
    expect(tokens.every((t) => t.purpose === "invitation" && t.clientspaceId === world.csId)).toBe(true);
    const row = await membership(world.csId, user.id);
    expect(row.invitationExpiresAt!.getTime()).toBe(byHash.get(hashLinkToken(second))!.expiresAt.getTime());
  });

  it("refuses a user who has joined, with the reason, and sends nothing", async () => {
    const world = await makeRightsWorld(h.db);
    const run = runAs(h.db, world.actors.admin, resendInvitation, { userId: world.target.id });
    await expect(run).rejects.toThrow(DomainError);
    await expect(run).rejects.toThrow(/already joined/);
    expect(await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, world.target.id))).toHaveLength(0);
  });

  it("answers not found for a user of another clientspace", async () => {
    const world = await makeRightsWorld(h.db);
    const other = await makeRightsWorld(h.db);
    const user = await invitedUser(other);
    await expect(runAs(h.db, world.actors.admin, resendInvitation, { userId: user.id })).rejects.toMatchObject({ kind: "not_found" });
  });
});
