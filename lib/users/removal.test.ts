import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import {
  accountSessions,
  accountTokens,
  accounts,
  apiTokens,
  auditEvents,
  clientspaceMemberships,
  objects,
  userPreferences,
  workspaceMemberships,
} from "@/db/schema";
import { checkSession } from "@/lib/auth/session-check";
import { DomainError } from "@/lib/errors";
import { runWrite } from "@/lib/write";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { makeRightsWorld, ROLE_CASES, runAs, type RoleCase } from "@/tests/support/rights-world";
import { deleteUser, deletionBlockers, removeFromClientspace } from "./removal";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const world = () => makeRightsWorld(h.db);
type World = Awaited<ReturnType<typeof world>>;

const membership = async (csId: string, userId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, userId))))[0];
const account = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0];
const workspaceRows = (userId: string) => h.db.select().from(workspaceMemberships).where(eq(workspaceMemberships.accountId, userId));
const auditOf = (userId: string) => h.db.select().from(auditEvents).where(eq(auditEvents.targetId, userId));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

/** Refused: "forbidden" for someone who may see the user, "not_found" for someone who may not. */
const expected: Record<RoleCase, true | "forbidden" | "not_found"> = {
  admin: true,
  auditor: "forbidden",
  superUser: "forbidden",
  otherSuperUser: "not_found",
  member: "not_found",
};

async function addObject(w: World, workspaceId: string, responsibleAccountId: string, name: string, kind = "document") {
  const [row] = await h.db.insert(objects).values({ clientspaceId: w.csId, workspaceId, name, kind, responsibleAccountId }).returning();
  return row;
}

describe("removeFromClientspace", () => {
  it.each(ROLE_CASES.map((r) => [r, expected[r]] as const))("as %s: %s", async (role, outcome) => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors[role], removeFromClientspace, { userId: w.target.id }));
    if (outcome === true) {
      expect(err).toBeNull();
      expect(await membership(w.csId, w.target.id)).toBeUndefined();
      expect(await workspaceRows(w.target.id)).toHaveLength(0);
      expect(await account(w.target.id)).toBeDefined();
      const [event] = await auditOf(w.target.id);
      expect(event).toMatchObject({
        action: "user.removed_from_clientspace",
        targetLabel: `${w.target.firstName} ${w.target.lastName}`,
        before: {
          email: w.target.email,
          firstName: w.target.firstName,
          lastName: w.target.lastName,
          isAdmin: false,
          isAuditor: false,
          license: null,
          workspaces: [{ workspaceId: w.sales.id, workspace: "Sales", role: "Viewer" }],
        },
        after: { member: false, sessionsEnded: true, responsibleObjectsKept: 0 },
      });
    } else {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ kind: outcome });
      expect(await membership(w.csId, w.target.id)).toBeDefined();
      expect(await workspaceRows(w.target.id)).toHaveLength(1);
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it("answers an admin of another clientspace as if the user did not exist", async () => {
    const w = await world();
    const other = await world();
    const err = await refusal(runAs(h.db, other.actors.admin, removeFromClientspace, { userId: w.target.id }));
    expect(err).toMatchObject({ kind: "not_found" });
    expect(await membership(w.csId, w.target.id)).toBeDefined();
  });

  it("refuses to remove oneself", async () => {
    const w = await world();
    await makeUser(h.db, w.csId, { membership: { isAdmin: true } });
    const admin = w.actors.admin;
    const err = await refusal(runAs(h.db, admin, removeFromClientspace, { userId: admin.accountId }));
    expect(err).toMatchObject({ kind: "forbidden", message: "You cannot remove your own account." });
    expect(await membership(w.csId, admin.accountId)).toBeDefined();
  });

  it("never removes the last enabled admin", async () => {
    const w = await world();
    // The acting admin was disabled meanwhile (a session checked just before): the target is the last one left.
    const lastAdmin = await makeUser(h.db, w.csId, { membership: { isAdmin: true } });
    await h.db.update(clientspaceMemberships).set({ disabled: true }).where(eq(clientspaceMemberships.accountId, w.actors.admin.accountId));
    const err = await refusal(runAs(h.db, w.actors.admin, removeFromClientspace, { userId: lastAdmin.id }));
    expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/last admin/) });
    expect(await membership(w.csId, lastAdmin.id)).toMatchObject({ isAdmin: true });
    expect(await auditOf(lastAdmin.id)).toHaveLength(0);
  });

  it("keeps the account, its other clientspace and its objects, voids this clientspace's invitation links and ends its sessions here only", async () => {
    const w = await world();
    const elsewhere = await makeClientspace(h.db);
    const otherCs = elsewhere.clientspace.id;
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: otherCs, accountId: w.target.id, origin: "invited", joinedAt: new Date() });
    await h.db.insert(workspaceMemberships).values({ workspaceId: elsewhere.workspace.id, accountId: w.target.id, clientspaceId: otherCs, roleId: elsewhere.superUserRole.id });
    await h.db.insert(userPreferences).values([
      { accountId: w.target.id, clientspaceId: w.csId, key: "users.columns", value: ["name"] },
      { accountId: w.target.id, clientspaceId: otherCs, key: "users.columns", value: ["email"] },
    ]);
    const link = (clientspaceId: string, tokenHash: string) => ({
      purpose: "invitation" as const,
      tokenHash,
      accountId: w.target.id,
      clientspaceId,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await h.db.insert(accountTokens).values([link(w.csId, `here-${w.target.id}`), link(otherCs, `there-${w.target.id}`)]);
    const budget = await addObject(w, w.sales.id, w.target.id, "Budget");
    const expiresAt = new Date(Date.now() + 3_600_000);
    const [here, there] = await h.db
      .insert(accountSessions)
      .values([
        { accountId: w.target.id, clientspaceId: w.csId, expiresAt },
        { accountId: w.target.id, clientspaceId: otherCs, expiresAt },
      ])
      .returning();

    const result = await runAs(h.db, w.actors.admin, removeFromClientspace, { userId: w.target.id });
    expect(result).toEqual({ workspacesLeft: 1, responsibleObjectsKept: 1 });

    expect(await membership(w.csId, w.target.id)).toBeUndefined();
    expect(await membership(otherCs, w.target.id)).toBeDefined();
    expect((await workspaceRows(w.target.id)).map((r) => r.clientspaceId)).toEqual([otherCs]);
    const prefs = await h.db.select().from(userPreferences).where(eq(userPreferences.accountId, w.target.id));
    expect(prefs.map((p) => p.clientspaceId)).toEqual([otherCs]);
    const tokens = await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, w.target.id));
    expect(tokens.find((t) => t.clientspaceId === w.csId)?.voidedAt).not.toBeNull();
    expect(tokens.find((t) => t.clientspaceId === otherCs)?.voidedAt).toBeNull();
    const [kept] = await h.db.select().from(objects).where(eq(objects.id, budget.id));
    expect(kept.responsibleAccountId).toBe(w.target.id);

    // SPEC section 2: the session working here ends; the one in their other clientspace goes on.
    const sessions = await h.db.select().from(accountSessions).where(eq(accountSessions.accountId, w.target.id));
    expect(sessions.find((x) => x.id === here.id)).toMatchObject({ revokedReason: "removed", revokedAt: expect.any(Date) });
    expect(sessions.find((x) => x.id === there.id)).toMatchObject({ revokedAt: null });
    expect((await account(w.target.id)).sessionVersion).toBe(0);
    expect(await checkSession(h.db, { accountId: w.target.id, sessionVersion: 0 }, w.csId)).toEqual({ ok: false, reason: "disabled" });
    expect(await checkSession(h.db, { accountId: w.target.id, sessionVersion: 0 }, otherCs)).toMatchObject({ ok: true });
    const [event] = await auditOf(w.target.id);
    expect(event.after).toMatchObject({ invitationLinksVoided: 1, responsibleObjectsKept: 1 });
  });
});

describe("deletionBlockers", () => {
  it.each(ROLE_CASES.map((r) => [r, expected[r]] as const))("as %s: %s", async (role, outcome) => {
    const w = await world();
    const run = deletionBlockers(h.db, w.actors[role], w.target.id);
    if (outcome === true) {
      expect(await run).toEqual({
        label: `${w.target.firstName} ${w.target.lastName}`,
        email: w.target.email,
        blockers: [],
        responsible: { total: 0, workspaces: [] },
        canDelete: true,
      });
    } else {
      await expect(run).rejects.toMatchObject({ kind: outcome });
    }
  });

  it("answers an admin of another clientspace as if the user did not exist", async () => {
    const w = await world();
    const other = await world();
    await expect(deletionBlockers(h.db, other.actors.admin, w.target.id)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("lists the objects to reassign grouped by workspace, largest first, a bounded few of each", async () => {
    const w = await world();
    for (const name of ["G", "F", "E", "D", "C", "B", "A"]) await addObject(w, w.sales.id, w.target.id, `Report ${name}`, "report");
    await addObject(w, w.support.id, w.target.id, "Ticket export", "dataset");
    const check = await deletionBlockers(h.db, w.actors.admin, w.target.id);
    expect(check.canDelete).toBe(false);
    expect(check.blockers).toEqual([]);
    expect(check.responsible.total).toBe(8);
    expect(check.responsible.workspaces.map((g) => [g.workspaceName, g.count, g.objects.map((o) => o.name)])).toEqual([
      ["Sales", 7, ["Report A", "Report B", "Report C", "Report D", "Report E"]],
      ["Support", 1, ["Ticket export"]],
    ]);
    expect(check.responsible.workspaces[1].objects[0]).toMatchObject({ kind: "dataset" });
  });
});

describe("deleteUser", () => {
  it.each(ROLE_CASES.map((r) => [r, expected[r]] as const))("as %s: %s", async (role, outcome) => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors[role], deleteUser, { userId: w.target.id }));
    if (outcome === true) {
      expect(err).toBeNull();
      expect(await account(w.target.id)).toBeUndefined();
      expect(await membership(w.csId, w.target.id)).toBeUndefined();
      expect(await workspaceRows(w.target.id)).toHaveLength(0);
    } else {
      expect(err).toMatchObject({ kind: outcome });
      expect(await account(w.target.id)).toBeDefined();
      expect(await membership(w.csId, w.target.id)).toBeDefined();
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it("answers an admin of another clientspace as if the user did not exist", async () => {
    const w = await world();
    const other = await world();
    expect(await refusal(runAs(h.db, other.actors.admin, deleteUser, { userId: w.target.id }))).toMatchObject({ kind: "not_found" });
    expect(await account(w.target.id)).toBeDefined();
  });

  it("refuses to delete oneself", async () => {
    const w = await world();
    await makeUser(h.db, w.csId, { membership: { isAdmin: true } });
    const admin = w.actors.admin;
    expect((await deletionBlockers(h.db, admin, admin.accountId)).blockers.map((b) => b.code)).toEqual(["self"]);
    const err = await refusal(runAs(h.db, admin, deleteUser, { userId: admin.accountId }));
    expect(err).toMatchObject({ kind: "forbidden", message: "You cannot delete your own account." });
    expect(await account(admin.accountId)).toBeDefined();
  });

  it("never deletes the last enabled admin", async () => {
    const w = await world();
    const lastAdmin = await makeUser(h.db, w.csId, { membership: { isAdmin: true } });
    await h.db.update(clientspaceMemberships).set({ disabled: true }).where(eq(clientspaceMemberships.accountId, w.actors.admin.accountId));
    expect((await deletionBlockers(h.db, w.actors.admin, lastAdmin.id)).blockers.map((b) => b.code)).toEqual(["last_admin"]);
    const err = await refusal(runAs(h.db, w.actors.admin, deleteUser, { userId: lastAdmin.id }));
    expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/last admin/) });
    expect(await account(lastAdmin.id)).toBeDefined();
  });

  it("is blocked while the user is responsible for objects, and succeeds once they are reassigned", async () => {
    const w = await world();
    await addObject(w, w.sales.id, w.target.id, "Budget 2025");
    await addObject(w, w.support.id, w.target.id, "Escalation playbook");
    const err = await refusal(runAs(h.db, w.actors.admin, deleteUser, { userId: w.target.id }));
    expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/responsible for 2 objects: reassign them first/) });
    expect(await account(w.target.id)).toBeDefined();

    await h.db.update(objects).set({ responsibleAccountId: w.actors.admin.accountId }).where(eq(objects.responsibleAccountId, w.target.id));
    expect((await deletionBlockers(h.db, w.actors.admin, w.target.id)).canDelete).toBe(true);
    await runAs(h.db, w.actors.admin, deleteUser, { userId: w.target.id });
    expect(await account(w.target.id)).toBeUndefined();
  });

  it("checks again inside its transaction: an object assigned after the dialog loaded blocks the delete", async () => {
    const w = await world();
    expect((await deletionBlockers(h.db, w.actors.admin, w.target.id)).canDelete).toBe(true);
    await addObject(w, w.legal.id, w.target.id, "Contract");
    const err = await refusal(runAs(h.db, w.actors.admin, deleteUser, { userId: w.target.id }));
    expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/responsible for 1 object/) });
    expect(await account(w.target.id)).toBeDefined();
  });

  it("refuses an account whose home is another clientspace, even when it is no longer a member there", async () => {
    const w = await world();
    const home = await makeClientspace(h.db);
    const invited = await makeUser(h.db, home.clientspace.id);
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: w.csId, accountId: invited.id, origin: "invited", joinedAt: new Date() });
    await h.db.delete(clientspaceMemberships).where(eq(clientspaceMemberships.clientspaceId, home.clientspace.id));
    expect((await deletionBlockers(h.db, w.actors.admin, invited.id)).blockers.map((b) => b.code)).toEqual(["not_created_here"]);
    const err = await refusal(runAs(h.db, w.actors.admin, deleteUser, { userId: invited.id }));
    expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/not created in this clientspace/) });
    expect(await account(invited.id)).toBeDefined();
  });

  it("refuses an account that is also in another clientspace, or still responsible for objects there", async () => {
    const w = await world();
    const other = await world();
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: other.csId, accountId: w.target.id, origin: "invited", joinedAt: new Date() });
    expect((await deletionBlockers(h.db, w.actors.admin, w.target.id)).blockers.map((b) => b.code)).toEqual(["other_clientspaces"]);
    expect(await refusal(runAs(h.db, w.actors.admin, deleteUser, { userId: w.target.id }))).toMatchObject({
      kind: "conflict",
      message: expect.stringMatching(/also a member of another clientspace/),
    });
    expect(await membership(other.csId, w.target.id)).toBeDefined();

    // Removed from there, the objects they were responsible for stay theirs: still not deletable.
    await addObject(other, other.sales.id, w.target.id, "Their old report");
    await runAs(h.db, other.actors.admin, removeFromClientspace, { userId: w.target.id });
    expect((await deletionBlockers(h.db, w.actors.admin, w.target.id)).blockers.map((b) => b.code)).toEqual(["objects_elsewhere"]);
    expect(await refusal(runAs(h.db, w.actors.admin, deleteUser, { userId: w.target.id }))).toMatchObject({ kind: "conflict" });
    expect(await account(w.target.id)).toBeDefined();
  });

  it("refuses when the typed confirmation is not the user's email", async () => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors.admin, deleteUser, { userId: w.target.id, confirmEmail: "someone.else@example.test" }));
    expect(err).toMatchObject({ kind: "invalid", fieldErrors: { confirmEmail: [`Type ${w.target.email} to confirm.`] } });
    expect(await account(w.target.id)).toBeDefined();
    await runAs(h.db, w.actors.admin, deleteUser, { userId: w.target.id, confirmEmail: ` ${w.target.email.toUpperCase()} ` });
    expect(await account(w.target.id)).toBeUndefined();
  });

  it("leaves nothing dangling: links go, audit events survive with their labels, references to the account are cleared", async () => {
    const w = await world();
    const target = w.target;
    const label = `${target.firstName} ${target.lastName}`;
    // Their own past: an event they caused as actor, one about them, a link, things they created and modified.
    await runWrite(h.db, { accountId: target.id, label, clientspaceId: w.csId }, "ui", async (ctx) => {
      ctx.audit.record({ action: "user.profile_changed", targetType: "user", targetId: w.actors.member.accountId, targetLabel: "Member" });
    });
    await h.db.insert(accountTokens).values({
      purpose: "password_reset",
      tokenHash: `reset-${target.id}`,
      accountId: target.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const [api] = await h.db.insert(apiTokens).values({ clientspaceId: w.csId, name: "Sync", tokenHash: `api-${target.id}`, prefix: "rst_", createdBy: target.id }).returning();
    const [touched] = await h.db
      .insert(objects)
      .values({ clientspaceId: w.csId, workspaceId: w.sales.id, name: "Shared sheet", kind: "sheet", responsibleAccountId: w.actors.admin.accountId, modifiedByAccountId: target.id })
      .returning();
    await h.db.update(clientspaceMemberships).set({ updatedBy: target.id }).where(eq(clientspaceMemberships.accountId, w.actors.auditor.accountId));

    const { label: deletedLabel } = await runAs(h.db, w.actors.admin, deleteUser, { userId: target.id });
    expect(deletedLabel).toBe(label);

    expect(await account(target.id)).toBeUndefined();
    expect(await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, target.id))).toHaveLength(0);
    expect((await h.db.select().from(apiTokens).where(eq(apiTokens.id, api.id)))[0].createdBy).toBeNull();
    expect((await h.db.select().from(objects).where(eq(objects.id, touched.id)))[0].modifiedByAccountId).toBeNull();
    expect((await membership(w.csId, w.actors.auditor.accountId)).updatedBy).toBeNull();

    const asActor = await h.db.select().from(auditEvents).where(and(eq(auditEvents.clientspaceId, w.csId), eq(auditEvents.actorLabel, label)));
    expect(asActor).toMatchObject([{ action: "user.profile_changed", actorAccountId: null, actorLabel: label }]);
    const aboutThem = await auditOf(target.id);
    expect(aboutThem).toMatchObject([
      {
        action: "user.deleted",
        targetType: "user",
        targetId: target.id,
        targetLabel: label,
        actorAccountId: w.actors.admin.accountId,
        before: { email: target.email, username: target.username, origin: "created", workspaces: [{ workspace: "Sales", role: "Viewer" }] },
        after: { deleted: true },
      },
    ]);
  });
});
