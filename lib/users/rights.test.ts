import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships, workspaceMemberships } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { actorOf, makeRightsWorld, ROLE_CASES, runAs, type RoleCase } from "@/tests/support/rights-world";
import { testDatabaseUrl } from "@/tests/support/urls";
import { addToWorkspace, changeWorkspaceRole, removeFromWorkspace, setClientspaceRights } from "./rights";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const world = () => makeRightsWorld(h.db);
const membership = async (csId: string, userId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, userId))))[0];
const workspaceRows = (userId: string) => h.db.select().from(workspaceMemberships).where(eq(workspaceMemberships.accountId, userId));
const auditOf = (userId: string) => h.db.select().from(auditEvents).where(eq(auditEvents.targetId, userId));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe("setClientspaceRights", () => {
  it.each(ROLE_CASES.map((r) => [r, r === "admin"] as const))("as %s: allowed = %s", async (role: RoleCase, allowed) => {
    const w = await world();
    const run = runAs(h.db, w.actors[role], setClientspaceRights, { userId: w.target.id, isAdmin: false, isAuditor: true });
    if (allowed) {
      await run;
      const row = await membership(w.csId, w.target.id);
      expect(row).toMatchObject({ isAuditor: true, version: 2, updatedBy: w.actors.admin.accountId });
      const [event] = await auditOf(w.target.id);
      expect(event).toMatchObject({ action: "user.rights_changed", before: { isAuditor: false }, after: { isAuditor: true } });
    } else {
      expect(await refusal(run)).toBeInstanceOf(DomainError);
      expect(await membership(w.csId, w.target.id)).toMatchObject({ isAuditor: false, version: 1 });
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it("answers an admin of another clientspace as if the user did not exist", async () => {
    const w = await world();
    const other = await world();
    const err = await refusal(runAs(h.db, other.actors.admin, setClientspaceRights, { userId: w.target.id, isAdmin: true, isAuditor: false }));
    expect(err).toMatchObject({ kind: "not_found" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ isAdmin: false, version: 1 });
  });

  it("never removes the last enabled admin, even when a disabled admin remains", async () => {
    const w = await world();
    await makeUser(h.db, w.csId, { membership: { isAdmin: true, disabled: true } });
    const admin = w.actors.admin;
    const err = await refusal(runAs(h.db, admin, setClientspaceRights, { userId: admin.accountId, isAdmin: false, isAuditor: false }));
    expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/last admin/) });
    expect(await membership(w.csId, admin.accountId)).toMatchObject({ isAdmin: true, version: 1 });
    expect(await auditOf(admin.accountId)).toHaveLength(0);
  });

  it("lets an admin step down when another enabled admin remains", async () => {
    const w = await world();
    await makeUser(h.db, w.csId, { membership: { isAdmin: true } });
    const admin = w.actors.admin;
    await runAs(h.db, admin, setClientspaceRights, { userId: admin.accountId, isAdmin: false, isAuditor: false });
    expect(await membership(w.csId, admin.accountId)).toMatchObject({ isAdmin: false, version: 2 });
  });

  it("two admins demoting each other at once: exactly one succeeds", async () => {
    const w = await world();
    const second = await makeUser(h.db, w.csId, { membership: { isAdmin: true } });
    const a = w.actors.admin;
    const b = actorOf(second.id, w.csId, { isAdmin: true });
    const demoteB = (gate?: Promise<void>, held?: () => void) =>
      runAs(h.db, a, async (ctx, actor, input: { userId: string; isAdmin: boolean; isAuditor: boolean }) => {
        const row = await setClientspaceRights(ctx, actor, input);
        held?.();
        await gate; // keeps the first transaction open while the second one reaches the admin lock
        return row;
      }, { userId: b.accountId, isAdmin: false, isAuditor: false });
    const demoteA = () => runAs(h.db, b, setClientspaceRights, { userId: a.accountId, isAdmin: false, isAuditor: false });

    let results: PromiseSettledResult<unknown>[];
    if (testDatabaseUrl()) {
      // PostgreSQL: real concurrency; the second demotion must wait for the first and then see it.
      let release!: () => void;
      let held!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const firstHolds = new Promise<void>((r) => (held = r));
      const first = demoteB(gate, held);
      await firstHolds;
      const second = demoteA();
      await new Promise((r) => setTimeout(r, 300));
      release();
      results = await Promise.allSettled([first, second]);
    } else {
      // PGlite has one connection and runs transactions one after the other: the sequential case.
      results = await Promise.allSettled([demoteB()]);
      results.push(...(await Promise.allSettled([demoteA()])));
    }
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ kind: "conflict" });
    const admins = await h.db
      .select()
      .from(clientspaceMemberships)
      .where(and(eq(clientspaceMemberships.clientspaceId, w.csId), eq(clientspaceMemberships.isAdmin, true)));
    expect(admins.map((r) => r.accountId)).toEqual([a.accountId]);
  });

  it("refuses a self-raise but allows lowering one's own rights", async () => {
    const w = await world();
    await makeUser(h.db, w.csId, { membership: { isAdmin: true } });
    const admin = w.actors.admin;
    const err = await refusal(runAs(h.db, admin, setClientspaceRights, { userId: admin.accountId, isAdmin: true, isAuditor: true }));
    expect(err).toMatchObject({ kind: "forbidden", message: "You cannot raise your own rights." });
    expect(await membership(w.csId, admin.accountId)).toMatchObject({ isAuditor: false, version: 1 });
    await runAs(h.db, admin, setClientspaceRights, { userId: admin.accountId, isAdmin: false, isAuditor: false });
    expect(await membership(w.csId, admin.accountId)).toMatchObject({ isAdmin: false, version: 2 });
  });
});

describe("workspace membership", () => {
  const allowedFor = (r: RoleCase) => r === "admin" || r === "superUser";

  it.each(ROLE_CASES.map((r) => [r, allowedFor(r)] as const))("addToWorkspace as %s: allowed = %s", async (role, allowed) => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors[role], addToWorkspace, { userId: w.target.id, workspaceId: w.support.id, roleId: w.viewerRole.id }));
    const rows = await workspaceRows(w.target.id);
    if (allowed) {
      expect(err).toBeNull();
      expect(rows.map((r) => r.workspaceId).sort()).toEqual([w.sales.id, w.support.id].sort());
      expect(await auditOf(w.target.id)).toMatchObject([{ action: "user.workspace_added", after: { workspaceId: w.support.id, role: "Viewer" } }]);
    } else {
      expect(err).toBeInstanceOf(DomainError);
      expect(rows.map((r) => r.workspaceId)).toEqual([w.sales.id]);
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it.each(ROLE_CASES.map((r) => [r, allowedFor(r)] as const))("changeWorkspaceRole as %s: allowed = %s", async (role, allowed) => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors[role], changeWorkspaceRole, { userId: w.target.id, workspaceId: w.sales.id, roleId: w.superUserRole.id }));
    const [row] = await workspaceRows(w.target.id);
    if (allowed) {
      expect(err).toBeNull();
      expect(row.roleId).toBe(w.superUserRole.id);
      expect(await auditOf(w.target.id)).toMatchObject([
        { action: "user.workspace_role_changed", before: { role: "Viewer" }, after: { role: "Super-user" } },
      ]);
    } else {
      expect(err).toBeInstanceOf(DomainError);
      expect(row.roleId).toBe(w.viewerRole.id);
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it.each(ROLE_CASES.map((r) => [r, allowedFor(r)] as const))("removeFromWorkspace as %s: allowed = %s", async (role, allowed) => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors[role], removeFromWorkspace, { userId: w.target.id, workspaceId: w.sales.id }));
    const rows = await workspaceRows(w.target.id);
    if (allowed) {
      expect(err).toBeNull();
      expect(rows).toHaveLength(0);
      expect(await auditOf(w.target.id)).toMatchObject([{ action: "user.workspace_removed", before: { workspaceId: w.sales.id } }]);
    } else {
      expect(err).toBeInstanceOf(DomainError);
      expect(rows).toHaveLength(1);
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it("a super-user cannot give the Super-user role in a workspace they do not manage", async () => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors.superUser, addToWorkspace, { userId: w.target.id, workspaceId: w.legal.id, roleId: w.superUserRole.id }));
    expect(err).toMatchObject({ kind: "forbidden" });
    expect(await workspaceRows(w.target.id)).toHaveLength(1);
  });

  it("treats another clientspace's user, workspace and role as not found", async () => {
    const w = await world();
    const other = await world();
    const attempts: [Actor, Promise<unknown>][] = [
      [other.actors.admin, runAs(h.db, other.actors.admin, removeFromWorkspace, { userId: w.target.id, workspaceId: w.sales.id })],
      [w.actors.admin, runAs(h.db, w.actors.admin, addToWorkspace, { userId: w.target.id, workspaceId: other.support.id, roleId: w.viewerRole.id })],
      [w.actors.admin, runAs(h.db, w.actors.admin, changeWorkspaceRole, { userId: w.target.id, workspaceId: w.sales.id, roleId: other.superUserRole.id })],
    ];
    for (const [, attempt] of attempts) expect(await refusal(attempt)).toMatchObject({ kind: "not_found" });
    const [row] = await workspaceRows(w.target.id);
    expect(row).toMatchObject({ workspaceId: w.sales.id, roleId: w.viewerRole.id });
  });

  it("nobody raises their own workspace role; a super-user does not change their own role at all", async () => {
    const w = await world();
    const su = w.actors.superUser;
    const admin = w.actors.admin;
    const demoteSelf = await refusal(runAs(h.db, su, changeWorkspaceRole, { userId: su.accountId, workspaceId: w.sales.id, roleId: w.viewerRole.id }));
    expect(demoteSelf).toMatchObject({ kind: "forbidden" });
    const raiseSelf = await refusal(runAs(h.db, admin, addToWorkspace, { userId: admin.accountId, workspaceId: w.sales.id, roleId: w.superUserRole.id }));
    expect(raiseSelf).toMatchObject({ kind: "forbidden", message: "You cannot raise your own rights." });
    expect(await workspaceRows(admin.accountId)).toHaveLength(0);
    expect(await auditOf(su.accountId)).toHaveLength(0);
  });

  it("refuses adding someone already in the workspace and changing a role they do not have", async () => {
    const w = await world();
    const admin = w.actors.admin;
    expect(await refusal(runAs(h.db, admin, addToWorkspace, { userId: w.target.id, workspaceId: w.sales.id, roleId: w.viewerRole.id }))).toMatchObject({ kind: "conflict" });
    expect(await refusal(runAs(h.db, admin, changeWorkspaceRole, { userId: w.target.id, workspaceId: w.support.id, roleId: w.viewerRole.id }))).toMatchObject({ kind: "not_found" });
  });
});
