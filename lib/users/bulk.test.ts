import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships, emailOutbox, workspaceMemberships } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { actorOf, makeRightsWorld, ROLE_CASES, type RoleCase } from "@/tests/support/rights-world";
import { BulkInterrupted, runBulkAction, type BulkOptions } from "./bulk";
import { bulkChoicesFor, bulkInputSchema, NOT_FOUND_REASON, parseSelectionFilters, type BulkActionName, type BulkInput } from "./bulk-schema";

// Faults on demand inside the real disableUser: an outage (not a rule), or a refusal that comes
// after the user's row and audit entry were written.
const faults = vi.hoisted(() => ({ crashOn: new Set<string>(), refuseAfterWritingOn: new Set<string>() }));
vi.mock("./status", async (importOriginal) => {
  const real = await importOriginal<typeof import("./status")>();
  return {
    ...real,
    disableUser: async (...args: Parameters<typeof real.disableUser>) => {
      if (faults.crashOn.has(args[2].userId)) throw new Error("connection reset by peer");
      const result = await real.disableUser(...args);
      if (faults.refuseAfterWritingOn.has(args[2].userId)) throw new DomainError("Refused after writing, on purpose.", "conflict");
      return result;
    },
  };
});

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());
afterEach(() => {
  faults.crashOn.clear();
  faults.refuseAfterWritingOn.clear();
});

type World = Awaited<ReturnType<typeof makeRightsWorld>>;
const world = () => makeRightsWorld(h.db);

function run(actor: Actor, input: BulkInput, options: BulkOptions = {}) {
  return runBulkAction({ db: h.db, auditActor: { accountId: actor.accountId, label: "Tester", clientspaceId: actor.clientspaceId }, source: "ui" }, actor, input, options);
}
const ids = (...list: { id: string }[]) => ({ mode: "ids" as const, ids: list.map((u) => u.id) });
const filter = (query: string) => ({ mode: "filter" as const, filters: parseSelectionFilters(query) });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

const membershipOf = async (csId: string, userId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, userId))))[0];
const disabled = async (csId: string, ...users: { id: string }[]) => Promise.all(users.map(async (u) => (await membershipOf(csId, u.id)).disabled));
const workspacesOf = async (userId: string) =>
  (await h.db.select({ id: workspaceMemberships.workspaceId }).from(workspaceMemberships).where(eq(workspaceMemberships.accountId, userId))).map((r) => r.id);
const eventsOf = async (...users: { id: string }[]) =>
  h.db.select().from(auditEvents).where(inArray(auditEvents.targetId, users.map((u) => u.id)));
const summaries = (csId: string) => h.db.select().from(auditEvents).where(and(eq(auditEvents.clientspaceId, csId), eq(auditEvents.targetType, "users")));

/** A user of the world with a last name no other test uses, a viewer of `workspaceId`. */
async function person(w: World, workspaceId: string, lastName: string, membership: NonNullable<Parameters<typeof makeUser>[2]>["membership"] = {}) {
  return makeUser(h.db, w.csId, {
    account: { lastName, firstName: "Bulk" },
    membership,
    superUserOf: { workspaceId, roleId: w.viewerRole.id },
  });
}
const uniqueName = () => `Zq${randomBytes(3).toString("hex")}`;

// ------------------------------------------------------------------------------------ roles

type Case = {
  /** A user the action can change, and the input that aims at them. */
  setup: (w: World) => Promise<{ user: { id: string }; input: BulkInput }>;
  changed: (w: World, userId: string) => Promise<boolean>;
  event: string;
  summary: string;
  /** The other super-user (Legal only): a run refused outright, or every user out of reach. */
  otherSuperUser: "forbidden" | "not found";
};

const cases: Record<BulkActionName, Case> = {
  invite: {
    setup: async (w) => {
      const user = await person(w, w.sales.id, uniqueName(), { joinedAt: null });
      return { user, input: { action: "invite", selection: ids(user) } };
    },
    changed: async (w, id) => (await membershipOf(w.csId, id)).invitedAt !== null,
    event: "user.invited",
    summary: "users.bulk_invite",
    otherSuperUser: "not found",
  },
  disable: {
    setup: async (w) => ({ user: w.target, input: { action: "disable", selection: ids(w.target) } }),
    changed: async (w, id) => (await membershipOf(w.csId, id)).disabled,
    event: "user.disabled",
    summary: "users.bulk_disable",
    otherSuperUser: "not found",
  },
  enable: {
    setup: async (w) => {
      const user = await person(w, w.sales.id, uniqueName(), { disabled: true, disabledAt: new Date() });
      return { user, input: { action: "enable", selection: ids(user) } };
    },
    changed: async (w, id) => !(await membershipOf(w.csId, id)).disabled,
    event: "user.enabled",
    summary: "users.bulk_enable",
    otherSuperUser: "not found",
  },
  addToWorkspace: {
    setup: async (w) => ({
      user: w.target,
      input: { action: "addToWorkspace", selection: ids(w.target), workspaceId: w.support.id, roleId: w.viewerRole.id },
    }),
    changed: async (w, id) => (await workspacesOf(id)).includes(w.support.id),
    event: "user.workspace_added",
    summary: "users.bulk_add_to_workspace",
    otherSuperUser: "forbidden",
  },
  removeFromWorkspace: {
    setup: async (w) => ({ user: w.target, input: { action: "removeFromWorkspace", selection: ids(w.target), workspaceId: w.sales.id } }),
    changed: async (w, id) => !(await workspacesOf(id)).includes(w.sales.id),
    event: "user.workspace_removed",
    summary: "users.bulk_remove_from_workspace",
    otherSuperUser: "forbidden",
  },
};

const expectations = (c: Case): Record<RoleCase, "done" | "forbidden" | "not found"> => ({
  admin: "done",
  auditor: "forbidden",
  superUser: "done",
  otherSuperUser: c.otherSuperUser,
  member: "forbidden",
});

describe.each(Object.keys(cases) as BulkActionName[])("bulk %s", (action) => {
  const c = cases[action];
  it.each(ROLE_CASES.map((role) => [role, expectations(c)[role]] as const))("as %s: %s", async (role, expected) => {
    const w = await world();
    const { user, input } = await c.setup(w);
    const outcome = run(w.actors[role], input);
    if (expected === "done") {
      expect(await outcome).toEqual({ done: 1, skipped: 0, reasons: [] });
      expect(await c.changed(w, user.id)).toBe(true);
      expect((await eventsOf(user)).map((e) => e.action)).toEqual([c.event]);
      const [summary] = await summaries(w.csId);
      expect(summary).toMatchObject({ action: c.summary, actorAccountId: w.actors[role].accountId, after: { done: 1, skipped: 0, selection: { mode: "ids", count: 1 } } });
    } else if (expected === "not found") {
      // Users outside the actor's workspaces are counted, never named.
      expect(await outcome).toEqual({ done: 0, skipped: 1, reasons: [{ reason: NOT_FOUND_REASON, count: 1, examples: [] }] });
      expect(await c.changed(w, user.id)).toBe(false);
      expect(await eventsOf(user)).toHaveLength(0);
    } else {
      expect(await refusal(outcome)).toMatchObject({ kind: "forbidden" });
      expect(await c.changed(w, user.id)).toBe(false);
      expect(await eventsOf(user)).toHaveLength(0);
      expect(await summaries(w.csId)).toHaveLength(0);
    }
  });
});

describe("bulk actions: what is reached", () => {
  it("skips ids of another clientspace as not found, without naming them or touching them", async () => {
    const w = await world();
    const other = await world();
    const result = await run(w.actors.admin, { action: "disable", selection: ids(w.target, other.target) });
    expect(result).toEqual({ done: 1, skipped: 1, reasons: [{ reason: NOT_FOUND_REASON, count: 1, examples: [] }] });
    expect(await disabled(other.csId, other.target)).toEqual([false]);
    expect(await eventsOf(other.target)).toHaveLength(0);
    const [summary] = await summaries(w.csId);
    expect(JSON.stringify(summary.after)).not.toContain(other.target.id);
  });

  it("in filter mode reaches the users the filter matches, within the super-user's workspaces, in batches", async () => {
    const w = await world();
    const name = uniqueName();
    const inSales = [await person(w, w.sales.id, name), await person(w, w.sales.id, name), await person(w, w.support.id, name)];
    const inLegal = await person(w, w.legal.id, name);
    const unmatched = await person(w, w.sales.id, uniqueName());

    const result = await run(w.actors.superUser, { action: "disable", selection: filter(`?q=${name}`) }, { batchSize: 2 });
    expect(result).toEqual({ done: 3, skipped: 0, reasons: [] });
    expect(await disabled(w.csId, ...inSales)).toEqual([true, true, true]);
    // Legal is not the super-user's: "all matching" never reaches past the listing's scope.
    expect(await disabled(w.csId, inLegal, unmatched)).toEqual([false, false]);
    const all = await summaries(w.csId);
    expect(all).toHaveLength(1);
    expect(all[0].after).toMatchObject({ selection: { mode: "filter", filters: { q: name } }, done: 3, skipped: 0 });

    // An admin's "all matching" is the whole clientspace; the status filter is honoured too.
    const again = await run(w.actors.admin, { action: "enable", selection: filter(`?q=${name}&status=disabled`) });
    expect(again).toEqual({ done: 3, skipped: 0, reasons: [] });
    expect(await disabled(w.csId, ...inSales, inLegal)).toEqual([false, false, false, false]);
  });

  it("runs the selection in id order across batches and reports every user once", async () => {
    const w = await world();
    const name = uniqueName();
    const people = await Promise.all(Array.from({ length: 5 }, () => person(w, w.sales.id, name)));
    const result = await run(w.actors.admin, { action: "disable", selection: ids(...people, people[0]) }, { batchSize: 2 });
    expect(result).toEqual({ done: 5, skipped: 0, reasons: [] });
    expect((await eventsOf(...people)).filter((e) => e.action === "user.disabled")).toHaveLength(5);
  });
});

describe("bulk actions: skipped users and their reasons", () => {
  it("disable: already disabled, own account, an admin (rights above the super-user's)", async () => {
    const w = await world();
    // The admin is in Sales, so the super-user sees them, and may not disable them (SPEC section 2).
    await h.db.insert(workspaceMemberships).values({ workspaceId: w.sales.id, accountId: w.actors.admin.accountId, clientspaceId: w.csId, roleId: w.viewerRole.id });
    const already = await person(w, w.sales.id, uniqueName(), { disabled: true, disabledAt: new Date() });
    const su = w.actors.superUser;

    const result = await run(su, { action: "disable", selection: ids(w.target, already, { id: su.accountId }, { id: w.actors.admin.accountId }) });
    expect(result.done).toBe(1);
    expect(result.skipped).toBe(3);
    expect(result.reasons).toEqual(
      expect.arrayContaining([
        { reason: "Already disabled", count: 1, examples: [`Bulk ${(await membershipOf(w.csId, already.id)).lastName}`] },
        { reason: "You cannot disable your own account", count: 1, examples: [expect.any(String)] },
        { reason: "You may not disable this user", count: 1, examples: [expect.any(String)] },
      ]),
    );
    expect(await disabled(w.csId, w.target, { id: su.accountId }, { id: w.actors.admin.accountId })).toEqual([true, false, false]);
    const [summary] = await summaries(w.csId);
    expect(summary.after).toMatchObject({ done: 1, skipped: 3, reasons: expect.arrayContaining([{ reason: "Already disabled", count: 1 }]) });
  });

  it("invite: already joined, grouped with the names as examples; the others get their email", async () => {
    const w = await world();
    const pending = await person(w, w.sales.id, uniqueName(), { joinedAt: null });
    const joined = [await person(w, w.sales.id, "Joined-One"), await person(w, w.sales.id, "Joined-Two")];
    const result = await run(w.actors.admin, { action: "invite", selection: ids(pending, ...joined) });
    expect(result.done).toBe(1);
    expect(result.reasons).toEqual([{ reason: "Already joined", count: 2, examples: expect.arrayContaining(["Bulk Joined-One", "Bulk Joined-Two"]) }]);
    const mails = await h.db.select().from(emailOutbox).where(eq(emailOutbox.clientspaceId, w.csId));
    expect(mails).toHaveLength(1);
  });

  it("invite: a person already sent 5 invitations this hour is skipped with the wait, like from the panel", async () => {
    const w = await world();
    const pending = await person(w, w.sales.id, uniqueName(), { joinedAt: null });
    for (let i = 0; i < 5; i++) expect((await run(w.actors.admin, { action: "invite", selection: ids(pending) })).done).toBe(1);
    const sixth = await run(w.actors.admin, { action: "invite", selection: ids(pending) });
    expect(sixth).toMatchObject({ done: 0, skipped: 1, reasons: [{ reason: expect.stringMatching(/^Too many invitations to this person/), count: 1 }] });
    const mails = await h.db.select().from(emailOutbox).where(and(eq(emailOutbox.clientspaceId, w.csId), eq(emailOutbox.template, "invitation")));
    expect(mails).toHaveLength(5);
  });

  it("add to workspace: already in the workspace; remove from workspace: not in it", async () => {
    const w = await world();
    const outsider = await person(w, w.support.id, uniqueName());
    const added = await run(w.actors.admin, { action: "addToWorkspace", selection: ids(w.target, outsider), workspaceId: w.sales.id, roleId: w.viewerRole.id });
    expect(added).toMatchObject({ done: 1, skipped: 1, reasons: [{ reason: "Already in Sales", count: 1 }] });
    expect(await workspacesOf(outsider.id)).toContain(w.sales.id);

    const removed = await run(w.actors.admin, { action: "removeFromWorkspace", selection: ids(w.target, outsider), workspaceId: w.legal.id });
    expect(removed).toMatchObject({ done: 0, skipped: 2, reasons: [{ reason: "Not in Legal", count: 2 }] });
  });

  it("keeps no example list longer than five names", async () => {
    const w = await world();
    const people = await Promise.all(Array.from({ length: 7 }, () => person(w, w.sales.id, uniqueName(), { disabled: true })));
    const result = await run(w.actors.admin, { action: "disable", selection: ids(...people) });
    expect(result.reasons).toEqual([{ reason: "Already disabled", count: 7, examples: expect.any(Array) }]);
    expect(result.reasons[0].examples).toHaveLength(5);
  });
});

describe("bulk actions: all or nothing per user, bound, failures", () => {
  it("rolls back a refused user's writes and drops their audit entries, and goes on with the others", async () => {
    const w = await world();
    const name = uniqueName();
    const [a, b] = [await person(w, w.sales.id, name), await person(w, w.sales.id, name)];
    faults.refuseAfterWritingOn.add(a.id);
    const result = await run(w.actors.admin, { action: "disable", selection: ids(a, b) });
    expect(result).toEqual({ done: 1, skipped: 1, reasons: [{ reason: "Refused after writing, on purpose", count: 1, examples: [`Bulk ${name}`] }] });
    expect(await disabled(w.csId, a, b)).toEqual([false, true]);
    expect((await eventsOf(a)).map((e) => e.action)).toEqual([]);
    expect((await eventsOf(b)).map((e) => e.action)).toEqual(["user.disabled"]);
  });

  it("refuses a selection above the bound, writing nothing", async () => {
    const w = await world();
    const name = uniqueName();
    const people = [await person(w, w.sales.id, name), await person(w, w.sales.id, name), await person(w, w.sales.id, name)];
    const err = await refusal(run(w.actors.admin, { action: "disable", selection: filter(`?q=${name}`) }, { maxUsers: 2 }));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: "invalid", message: expect.stringMatching(/at most 2 users at once\. Narrow the filter/) });
    const byIds = await refusal(run(w.actors.admin, { action: "disable", selection: ids(...people) }, { maxUsers: 2 }));
    expect(byIds).toMatchObject({ kind: "invalid" });
    expect(await disabled(w.csId, ...people)).toEqual([false, false, false]);
    expect(await eventsOf(...people)).toHaveLength(0);
    expect(await summaries(w.csId)).toHaveLength(0);
  });

  it("stops at a failure that is not a rule: its batch rolls back, earlier batches stay, no summary", async () => {
    const w = await world();
    const name = uniqueName();
    const people = await Promise.all(Array.from({ length: 5 }, () => person(w, w.sales.id, name)));
    const inOrder = [...people].sort((x, y) => (x.id < y.id ? -1 : 1));
    // Batches of two: [0, 1] commit, then [2, 3] fails on 3 and rolls back 2 with it, 4 is never reached.
    faults.crashOn.add(inOrder[3].id);
    const err = await refusal(run(w.actors.admin, { action: "disable", selection: filter(`?q=${name}`) }, { batchSize: 2 }));
    expect(err).toBeInstanceOf(BulkInterrupted);
    expect((err as BulkInterrupted).partial).toEqual({ done: 2, skipped: 0, reasons: [] });
    expect((err as BulkInterrupted).cause).toMatchObject({ message: "connection reset by peer" });
    expect(await disabled(w.csId, ...inOrder)).toEqual([true, true, false, false, false]);
    expect((await eventsOf(...inOrder)).map((e) => e.targetId).sort()).toEqual([inOrder[0].id, inOrder[1].id].sort());
    expect(await summaries(w.csId)).toHaveLength(0);
  });

  it("a failure in the first batch leaves nothing written", async () => {
    const w = await world();
    faults.crashOn.add(w.target.id);
    const err = await refusal(run(w.actors.admin, { action: "disable", selection: ids(w.target) }));
    expect(err).toMatchObject({ partial: { done: 0, skipped: 0, reasons: [] } });
    expect(await disabled(w.csId, w.target)).toEqual([false]);
    expect(await eventsOf(w.target)).toHaveLength(0);
  });

  it("refuses a workspace of another clientspace as not found", async () => {
    const w = await world();
    const other = await world();
    const err = await refusal(run(w.actors.admin, { action: "addToWorkspace", selection: ids(w.target), workspaceId: other.support.id, roleId: w.viewerRole.id }));
    expect(err).toMatchObject({ kind: "not_found" });
    expect(await workspacesOf(w.target.id)).toEqual([w.sales.id]);
  });
});

describe("bulkInputSchema", () => {
  const id = "0b6f4d1e-8a43-4c1a-9a59-3f1c6f0e9b2a";
  it("reads a filter with the users page's own parsers, dropping what is not a filter", () => {
    const parsed = bulkInputSchema.parse({ action: "disable", selection: { mode: "filter", filters: "?q=dupont&status=bogus&workspace=nope&size=100" } });
    expect(parsed.selection).toMatchObject({ mode: "filter", filters: { q: "dupont", status: [], workspace: [] } });
    const clean = bulkInputSchema.parse({ action: "enable", selection: { mode: "filter", filters: `?status=disabled&workspace=${id}` } });
    expect(clean.selection).toMatchObject({ filters: { status: ["disabled"], workspace: [id] } });
  });

  it("refuses ids that are not ids, an empty selection, too many ids, and a workspace action without its workspace", () => {
    expect(bulkInputSchema.safeParse({ action: "disable", selection: { mode: "ids", ids: ["1; drop table"] } }).success).toBe(false);
    expect(bulkInputSchema.safeParse({ action: "disable", selection: { mode: "ids", ids: [] } }).success).toBe(false);
    expect(bulkInputSchema.safeParse({ action: "disable", selection: { mode: "ids", ids: Array(10_001).fill(id) } }).success).toBe(false);
    expect(bulkInputSchema.safeParse({ action: "addToWorkspace", selection: { mode: "ids", ids: [id] }, roleId: id }).success).toBe(false);
    expect(bulkInputSchema.safeParse({ action: "delete", selection: { mode: "ids", ids: [id] } }).success).toBe(false);
  });
});

describe("bulkChoicesFor", () => {
  const facets = {
    workspaces: [
      { id: "w-sales", name: "Sales" },
      { id: "w-legal", name: "Legal" },
    ],
    roles: [{ id: "r-viewer", name: "Viewer" }],
  };
  it("offers each actor only the actions and workspaces the permission table gives them", () => {
    expect(bulkChoicesFor(actorOf("a", "cs", { isAdmin: true }), facets)).toEqual({
      actions: ["invite", "disable", "enable", "addToWorkspace", "removeFromWorkspace"],
      workspaces: facets.workspaces,
      roles: facets.roles,
      export: true,
    });
    expect(bulkChoicesFor(actorOf("a", "cs", { isAuditor: true }), facets)).toMatchObject({ actions: [], workspaces: [], export: true });
    expect(bulkChoicesFor(actorOf("a", "cs"), facets)).toMatchObject({ actions: [], workspaces: [], export: false });
    const superUser = actorOf("a", "cs", { superUserWorkspaceIds: ["w-sales"] });
    expect(bulkChoicesFor(superUser, facets)).toMatchObject({
      actions: ["invite", "disable", "enable", "addToWorkspace", "removeFromWorkspace"],
      workspaces: [{ id: "w-sales", name: "Sales" }],
    });
    // A clientspace that keeps user creation to admins keeps invitations to them too.
    expect(bulkChoicesFor({ ...superUser, superUsersMayCreateUsers: false }, facets).actions).not.toContain("invite");
  });
});
