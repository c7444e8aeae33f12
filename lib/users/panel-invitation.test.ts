import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { clientspaces } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { makeRightsWorld, ROLE_CASES, type RoleCase } from "@/tests/support/rights-world";
import { loadUserPanel } from "./panel";

// The panel's "Send / Resend invitation" button: offered by the permission table (users.invite),
// only until the user joins, and not to a disabled user (enable first).

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const clock = () => ({ now: new Date(), inactivityDays: 90 });

async function pendingUser(world: Awaited<ReturnType<typeof makeRightsWorld>>, membership: { disabled?: boolean; joinedAt?: Date | null } = {}) {
  return makeUser(h.db, world.csId, {
    account: { passwordHash: null },
    membership: { joinedAt: null, invitedAt: new Date(), invitationExpiresAt: new Date(Date.now() + 86_400_000), ...membership },
    superUserOf: { workspaceId: world.sales.id, roleId: world.viewerRole.id },
  });
}

describe("loadUserPanel: resendInvitation", () => {
  // Not offered: "hidden" when the actor sees the user without the right; null when they do not see the user at all.
  const expected: Record<RoleCase, "offered" | "hidden" | null> = {
    admin: "offered",
    auditor: "hidden",
    superUser: "offered",
    otherSuperUser: null,
    member: null,
  };
  for (const role of ROLE_CASES) {
    it(`${role}: ${expected[role] ?? "does not see the user"}`, async () => {
      const world = await makeRightsWorld(h.db);
      const user = await pendingUser(world);
      const panel = await loadUserPanel(h.db, world.actors[role], user.id, clock());
      if (expected[role] === null) expect(panel).toBeNull();
      else expect(panel?.allowed.includes("resendInvitation")).toBe(expected[role] === "offered");
    });
  }

  it("is not offered once the user has joined, nor while they are disabled", async () => {
    const world = await makeRightsWorld(h.db);
    const joined = await pendingUser(world, { joinedAt: new Date() });
    const disabled = await pendingUser(world, { disabled: true });
    expect((await loadUserPanel(h.db, world.actors.admin, joined.id, clock()))?.allowed).not.toContain("resendInvitation");
    expect((await loadUserPanel(h.db, world.actors.admin, disabled.id, clock()))?.allowed).not.toContain("resendInvitation");
    expect((await loadUserPanel(h.db, world.actors.admin, world.target.id, clock()))?.allowed).not.toContain("resendInvitation");
  });

  it("is offered to a super-user only when the clientspace lets super-users invite", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await pendingUser(world);
    const actor = { ...world.actors.superUser, superUsersMayCreateUsers: false };
    expect((await loadUserPanel(h.db, actor, user.id, clock()))?.allowed).not.toContain("resendInvitation");
  });

  it("carries the clientspace's invitation hours for the dialog", async () => {
    const world = await makeRightsWorld(h.db);
    await h.db.update(clientspaces).set({ invitationHours: 48 }).where(eq(clientspaces.id, world.csId));
    const user = await pendingUser(world);
    expect((await loadUserPanel(h.db, world.actors.admin, user.id, clock()))?.invitationHours).toBe(48);
  });

  it("finds nobody of another clientspace", async () => {
    const world = await makeRightsWorld(h.db);
    const other = await makeRightsWorld(h.db);
    const user = await pendingUser(other);
    expect(await loadUserPanel(h.db, world.actors.admin, user.id, clock())).toBeNull();
  });
});
