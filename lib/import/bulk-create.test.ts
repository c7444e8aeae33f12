import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountTokens, auditEvents, clientspaceMemberships, emailOutbox, importJobRows, workspaceMemberships } from "@/db/schema";
import type { Actor } from "@/lib/permissions";
import type { UserFieldId } from "@/lib/transfer/fields";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { exportMapping, makeImportWorld, tableOf, type ImportWorld } from "@/tests/support/import-world";
import { createImportJob, getImportJob, startImportJob, type RunnerOptions } from "./job";

// How many rows went through createUser (the per-row path), and an email taken by a "concurrent
// writer" right after the run read its context: the bulk insert then meets the unique index.
const probe = vi.hoisted(() => ({ createUserCalls: 0, takeEmail: null as string | null }));
vi.mock("@/lib/users/create-user", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/users/create-user")>();
  return {
    ...real,
    createUser: async (...args: Parameters<typeof real.createUser>) => {
      probe.createUserCalls += 1;
      return real.createUser(...args);
    },
  };
});
vi.mock("./context", async (importOriginal) => {
  const real = await importOriginal<typeof import("./context")>();
  return {
    ...real,
    loadImportContext: async (...args: Parameters<typeof real.loadImportContext>) => {
      const context = await real.loadImportContext(...args);
      const email = probe.takeEmail;
      if (email) {
        probe.takeEmail = null;
        await args[0].insert(accounts).values({ email, username: `taken.${randomBytes(4).toString("hex")}`, firstName: "Other", lastName: "Writer" });
      }
      return context;
    },
  };
});

let h: DatabaseHandle;
let w: ImportWorld;
beforeAll(async () => {
  h = await createTestDatabase();
  w = await makeImportWorld(h.db);
});
afterAll(async () => h?.close());
afterEach(() => {
  probe.createUserCalls = 0;
  probe.takeEmail = null;
});

/** Names may not hold digits: a random run of letters keeps each test's people apart. */
const letters = () => [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join("");
const FIELDS: UserFieldId[] = ["id", "email", "firstName", "lastName", "title", "roles", "admin"];

async function importRows(rows: Partial<Record<UserFieldId, string>>[], options: { sendInvitations?: boolean; runner?: RunnerOptions; beforeRun?: () => void } = {}) {
  const actor: Actor = w.actors.admin;
  const table = tableOf(FIELDS, rows);
  const { job } = await createImportJob(h.db, actor, { fileName: "people.csv", format: "csv", table, mapping: exportMapping(table.headers), options });
  options.beforeRun?.();
  const { finished } = await startImportJob(h.db, actor, job.id, options.runner);
  await finished;
  const outcomes = await h.db
    .select({ rowNumber: importJobRows.rowNumber, outcome: importJobRows.outcome, error: importJobRows.error, accountId: importJobRows.accountId })
    .from(importJobRows)
    .where(eq(importJobRows.jobId, job.id))
    .orderBy(asc(importJobRows.rowNumber));
  return { job: await getImportJob(h.db, actor, job.id), outcomes };
}

const accountOf = async (email: string) => (await h.db.select().from(accounts).where(eq(sql`lower(${accounts.email})`, email)))[0];

/** What the database holds for a created user, without what differs from run to run (ids, names, dates). */
async function createdState(email: string) {
  const account = await accountOf(email);
  const [m] = await h.db
    .select()
    .from(clientspaceMemberships)
    .where(and(eq(clientspaceMemberships.clientspaceId, w.csId), eq(clientspaceMemberships.accountId, account.id)));
  const grants = await h.db.select({ workspaceId: workspaceMemberships.workspaceId, roleId: workspaceMemberships.roleId }).from(workspaceMemberships).where(eq(workspaceMemberships.accountId, account.id));
  const events = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, account.id), eq(auditEvents.action, "user.created")));
  const after = events.map((e) => ({ ...(e.after as Record<string, unknown>), email: "-", username: "-", firstName: "-" }));
  return {
    passwordHash: account.passwordHash,
    membership: { origin: m.origin, kind: m.kind, isAdmin: m.isAdmin, title: m.title, joinedAt: m.joinedAt, invitedAt: m.invitedAt, updatedBy: m.updatedBy, version: m.version },
    grants,
    events: events.map((e) => [e.source, e.actorAccountId, e.targetLabel?.replace(/^\S+ /, "")]),
    after,
  };
}

describe("import run: the set-based path for new users", () => {
  it("gives the same outcomes and the same data as the per-row path on a mixed file, without createUser for plain new users", async () => {
    const runOnce = async (setBased: boolean) => {
      const existing = await makeUser(h.db, w.csId, { account: { firstName: "Paula", lastName: "Person" } });
      const first = letters();
      const emails = [0, 1, 2].map((i) => `${first}.${i}@example.test`);
      const result = await importRows(
        [
          { email: emails[0], firstName: first, lastName: "Newman", roles: "Support: Editor; Sales", title: "Analyst" },
          { id: existing.id, title: "Head of sales" },
          { email: "not an email", firstName: first, lastName: "Bad" },
          { email: emails[1], firstName: first, lastName: "Admin", admin: "true" },
          { email: emails[0], firstName: first, lastName: "Twice" },
          { email: emails[2], firstName: first, lastName: "Gone", roles: "Nowhere: Editor" },
        ],
        { runner: { setBased } },
      );
      const calls = probe.createUserCalls;
      probe.createUserCalls = 0;
      return {
        job: { status: result.job.status, counts: result.job.counts, rowsDone: result.job.rowsDone },
        outcomes: result.outcomes.map((o) => [o.rowNumber, o.outcome, o.error?.replace(first, "*")]),
        created: [await createdState(emails[0]), await createdState(emails[1])],
        // An unknown workspace is left out with a warning: the person is created without it.
        warned: (await createdState(emails[2])).grants.length,
        calls,
      };
    };
    const fast = await runOnce(true);
    const perRow = await runOnce(false);
    expect(fast.job).toEqual({ status: "completed", counts: { create: 3, update: 1, unchanged: 0, error: 2 }, rowsDone: 6 });
    expect(fast.outcomes.map((o) => o[1])).toEqual(["create", "update", "error", "create", "error", "create"]);
    expect(fast.warned).toBe(0);
    expect(fast.created[0].grants).toHaveLength(2);
    expect(fast.created[1].membership.isAdmin).toBe(true);
    expect(fast.created[0].events).toEqual([["import", w.actors.admin.accountId, "Newman"]]);
    expect({ ...fast, calls: 0 }).toEqual({ ...perRow, calls: 0 });
    expect(fast.calls).toBe(0);
    expect(perRow.calls).toBe(3);
  });

  it("gives usernames unique within the batch and against existing ones, as firstFreeUsername would one by one", async () => {
    const last = letters();
    await makeUser(h.db, w.csId, { account: { username: `zed.${last}` } });
    await makeUser(h.db, w.csId, { account: { username: `zed.${last}3` } });
    const emails = [0, 1, 2].map((i) => `zed.${last}.${i}@example.test`);
    const { job } = await importRows(emails.map((email) => ({ email, firstName: "Zed", lastName: last })));
    expect(job.counts.create).toBe(3);
    const names = await Promise.all(emails.map(async (e) => (await accountOf(e)).username));
    expect(names).toEqual([`zed.${last}2`, `zed.${last}4`, `zed.${last}5`]);
    expect(probe.createUserCalls).toBe(0);
  });

  it("invites the created users when asked: one hashed link each, the membership invited, one email each", async () => {
    const first = letters();
    const emails = [0, 1].map((i) => `${first}.${i}@example.test`);
    const { job } = await importRows(
      emails.map((email) => ({ email, firstName: first, lastName: "Invitee" })),
      { sendInvitations: true },
    );
    expect(job.counts.create).toBe(2);
    for (const email of emails) {
      const account = await accountOf(email);
      const tokens = await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, account.id));
      expect(tokens).toEqual([expect.objectContaining({ purpose: "invitation", clientspaceId: w.csId, usedAt: null, voidedAt: null })]);
      expect(tokens[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
      const [m] = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, account.id));
      expect(m.invitedAt).not.toBeNull();
      expect(m.invitationExpiresAt).not.toBeNull();
      const mail = await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
      expect(mail.map((e) => e.template)).toEqual(["invitation"]);
      // The link in the email is the one whose hash is stored, not the hash itself.
      expect(mail[0].text).not.toContain(tokens[0].tokenHash);
    }
    expect(probe.createUserCalls).toBe(0);
  });

  it("falls back to the per-row path when a concurrent writer takes an email: that row refused, the others created once", async () => {
    const first = letters();
    const emails = [0, 1, 2].map((i) => `${first}.${i}@example.test`);
    const { job, outcomes } = await importRows(
      emails.map((email) => ({ email, firstName: first, lastName: "Racer" })),
      { beforeRun: () => (probe.takeEmail = emails[1]) },
    );
    // The address taken meanwhile is added like any other account's: a membership, the account untouched.
    expect(job).toMatchObject({ status: "completed", counts: { create: 3, update: 0, unchanged: 0, error: 0 } });
    expect(outcomes.map((o) => [o.outcome, o.error])).toEqual([
      ["create", null],
      ["create", null],
      ["create", null],
    ]);
    // The set-based insert rolled back; every row then went through createUser.
    expect(probe.createUserCalls).toBe(3);
    const created = await h.db.select({ id: accounts.id }).from(accounts).where(inArray(accounts.email, [emails[0], emails[2]]));
    expect(created).toHaveLength(2);
    const events = await h.db.select().from(auditEvents).where(and(inArray(auditEvents.targetId, created.map((c) => c.id)), eq(auditEvents.action, "user.created")));
    expect(events.map((e) => e.source)).toEqual(["import", "import"]);
    expect((await accountOf(emails[1])).firstName).toBe("Other");
    expect(await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, (await accountOf(emails[1])).id))).toMatchObject([
      { clientspaceId: w.csId, origin: "imported" },
    ]);
  });
});
