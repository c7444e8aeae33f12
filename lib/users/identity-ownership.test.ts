import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountTokens, auditEvents, clientspaceMemberships, emailOutbox, importJobRows } from "@/db/schema";
import { checkSession } from "@/lib/auth/session-check";
import { verifyPassword } from "@/lib/auth/password";
import { createImportJob, startImportJob } from "@/lib/import/job";
import { USER_FIELDS, type UserFieldId } from "@/lib/transfer/fields";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser, TEST_PASSWORD } from "@/tests/support/factories";
import { exportMapping, makeImportWorld, tableOf, type ImportWorld } from "@/tests/support/import-world";
import { makeRightsWorld, runAs } from "@/tests/support/rights-world";
import { createUser, lookupEmailForCreate } from "./create-user";
import { loadDirectoryParams, pickFilters } from "./directory-params";
import { matchingExportRows } from "./export";
import { updateProfile } from "./profile";
import { MANAGED_ELSEWHERE, resetUserPassword, sendResetLink } from "./reset-password";
import { unlockUser } from "./status";

/**
 * Issue 10's takeover paths, each as the attacker ran it: an admin (or super-user) of one
 * clientspace brings another clientspace's admin in by the wizard or an import row, then sets their
 * password. SPEC section 2, "Who owns an identity": only the account's home clientspace controls
 * its password, email and lock; an existing account joins only by accepting with its own password.
 */

let h: DatabaseHandle;
let acme: ImportWorld;
let globex: ImportWorld;
beforeAll(async () => {
  h = await createTestDatabase();
  acme = await makeImportWorld(h.db);
  globex = await makeImportWorld(h.db);
});
afterAll(async () => h?.close());

const accountOf = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0];
const membershipOf = async (csId: string, id: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, id))))[0];
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const accept = (csId: string, id: string) =>
  h.db.update(clientspaceMemberships).set({ joinedAt: new Date() }).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, id)));

/** Acme's admin: the person the attacks aim at. */
async function acmeAdmin() {
  return accountOf(acme.actors.admin.accountId);
}

/** Their credentials are exactly as they were: password, lock, sessions. */
async function expectUntouched(before: typeof accounts.$inferSelect) {
  const now = await accountOf(before.id);
  expect(now).toMatchObject({ passwordHash: before.passwordHash, sessionVersion: before.sessionVersion, email: before.email, lockedAt: before.lockedAt });
  expect(await verifyPassword(now.passwordHash!, TEST_PASSWORD)).toBe(true);
}

describe("identity ownership: the wizard and a reset (Globex admin against Acme's admin)", () => {
  it("answers the lookup as for an unknown address, invites instead of adding, and refuses every credential action", async () => {
    const victim = await acmeAdmin();
    const attacker = globex.actors.admin;

    // Step 1 says nothing: the same answer as an address nobody has.
    expect(await lookupEmailForCreate(h.db, attacker, victim.email)).toEqual({ kind: "new", email: victim.email });

    // "Add immediately" with a generated password: an invitation instead, no password set or shown.
    const created = await runAs(h.db, attacker, createUser, {
      email: victim.email,
      firstName: "Anyone",
      lastName: "Atall",
      access: "password",
      passwordMode: "generate",
      workspaces: [{ workspaceId: globex.sales.id, roleId: globex.viewerRole.id }],
    });
    expect(created).toMatchObject({ userId: victim.id, access: "invitation", invitedInstead: true });
    expect(created).not.toHaveProperty("generatedPassword");
    await expectUntouched(victim);

    // Pending: it opens nothing of Globex, and Globex sees only what it typed.
    expect(await membershipOf(globex.csId, victim.id)).toMatchObject({ joinedAt: null, origin: "created", firstName: "Anyone", lastName: "Atall", lastConnectionAt: null, lockedAt: null });
    expect(await checkSession(h.db, { accountId: victim.id, sessionVersion: victim.sessionVersion }, globex.csId)).toEqual({ ok: false, reason: "disabled" });

    // The reset that completed the takeover, and an unlock with a password: refused, before and after they accept.
    for (const joined of [false, true]) {
      if (joined) await accept(globex.csId, victim.id);
      const reset = await refusal(runAs(h.db, attacker, resetUserPassword, { userId: victim.id, generate: true }));
      expect(reset).toMatchObject({ kind: "forbidden", message: MANAGED_ELSEWHERE });
      await h.db.update(accounts).set({ lockedAt: new Date() }).where(eq(accounts.id, victim.id));
      const unlock = await refusal(runAs(h.db, attacker, unlockUser, { userId: victim.id, newPassword: "generate" }));
      expect(unlock).toMatchObject({ kind: "forbidden" });
      await h.db.update(accounts).set({ lockedAt: null }).where(eq(accounts.id, victim.id));
      await expectUntouched(victim);
    }
    // Nothing in Globex's log names the person's own names.
    const events = await h.db.select().from(auditEvents).where(and(eq(auditEvents.clientspaceId, globex.csId), eq(auditEvents.targetId, victim.id)));
    expect(JSON.stringify(events)).not.toContain(victim.lastName);

    // What Globex may do: send the person a link, at their own address, in their home's mailbox.
    await runAs(h.db, attacker, sendResetLink, { userId: victim.id });
    const [mail] = await h.db.select().from(emailOutbox).where(and(eq(emailOutbox.to, victim.email), eq(emailOutbox.template, "password-reset")));
    expect(mail.clientspaceId).toBe(acme.csId);
    const [link] = await h.db.select().from(accountTokens).where(and(eq(accountTokens.accountId, victim.id), eq(accountTokens.purpose, "password_reset")));
    expect(link).toMatchObject({ createdBy: attacker.accountId, clientspaceId: acme.csId });
    await expectUntouched(victim);
  });

  it("caps reset links to one person like 'Forgot password' does: 3 an hour, whoever asks", async () => {
    const person = await makeUser(h.db, acme.csId);
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: globex.csId, accountId: person.id, origin: "invited", joinedAt: new Date() });
    for (let i = 0; i < 3; i++) await runAs(h.db, globex.actors.admin, sendResetLink, { userId: person.id });
    const err = await refusal(runAs(h.db, acme.actors.admin, sendResetLink, { userId: person.id }));
    expect(err).toMatchObject({ message: expect.stringMatching(/3 reset links in the last hour/) });
    const mails = await h.db.select().from(emailOutbox).where(and(eq(emailOutbox.to, person.email), eq(emailOutbox.template, "password-reset")));
    expect(mails).toHaveLength(3);
  });

  it("leaves the home clientspace in charge of a person who is also a member elsewhere", async () => {
    const person = await accountOf(acme.target.id);
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: globex.csId, accountId: person.id, origin: "invited", joinedAt: new Date() });
    const result = await runAs(h.db, acme.actors.admin, resetUserPassword, { userId: person.id, generate: true });
    expect(await verifyPassword((await accountOf(person.id)).passwordHash!, result.generatedPassword!)).toBe(true);
    expect(await refusal(runAs(h.db, globex.actors.admin, resetUserPassword, { userId: person.id, generate: true }))).toMatchObject({ kind: "forbidden" });
  });
});

describe("identity ownership: a super-user of Acme against Globex's admin", () => {
  it("adds them into Sales only as a pending invitee, and cannot reset, unlock or re-address them", async () => {
    const victim = await accountOf(globex.actors.admin.accountId);
    const attacker = acme.actors.superUser;
    const created = await runAs(h.db, attacker, createUser, {
      email: victim.email,
      firstName: "Sam",
      lastName: "Sample",
      access: "password",
      passwordMode: "generate",
      workspaces: [{ workspaceId: acme.sales.id, roleId: acme.viewerRole.id }],
    });
    expect(created).toMatchObject({ access: "invitation", invitedInstead: true });
    await accept(acme.csId, victim.id);
    const err = await refusal(runAs(h.db, attacker, resetUserPassword, { userId: victim.id, generate: true }));
    expect(err).toMatchObject({ kind: "forbidden" });
    const member = await membershipOf(acme.csId, victim.id);
    const email = await refusal(
      runAs(h.db, attacker, updateProfile, {
        userId: victim.id,
        expectedVersion: member.version,
        expectedNames: { firstName: member.firstName, lastName: member.lastName },
        firstName: member.firstName,
        lastName: member.lastName,
        email: "attacker@example.test",
      }),
    );
    expect(email).toMatchObject({ kind: "forbidden" });
    const after = await accountOf(victim.id);
    expect(after).toMatchObject({ passwordHash: victim.passwordHash, email: victim.email, sessionVersion: victim.sessionVersion });
  });
});

describe("identity ownership: an import row with another tenant's email", () => {
  it("previews and reports it exactly as a new address, and makes a pending membership that changes nothing of the account", async () => {
    const victim = await makeUser(h.db, acme.csId, { membership: { isAdmin: true } });
    const stranger = `nobody.${victim.id.slice(0, 8)}@example.test`;
    const table = tableOf(["email", "firstName", "lastName", "title"], [
      { email: victim.email, firstName: "Imported", lastName: "Person", title: "Intern" },
      { email: stranger, firstName: "Imported", lastName: "Person", title: "Intern" },
    ]);
    const { job } = await createImportJob(h.db, globex.actors.admin, { fileName: "people.csv", format: "csv", table, mapping: exportMapping(table.headers) });
    const preview = await h.db.select().from(importJobRows).where(eq(importJobRows.jobId, job.id)).orderBy(asc(importJobRows.rowNumber));
    const shape = (r: (typeof preview)[number]) => ({ planned: r.planned, error: r.error, changes: JSON.stringify(r.changes).replace(victim.email, "@").replace(stranger, "@") });
    expect(shape(preview[0])).toEqual(shape(preview[1]));
    expect(preview[0].planned).toBe("create");

    const { finished } = await startImportJob(h.db, globex.actors.admin, job.id);
    await finished;
    const rows = await h.db.select().from(importJobRows).where(eq(importJobRows.jobId, job.id)).orderBy(asc(importJobRows.rowNumber));
    expect(rows.map((r) => [r.outcome, r.error])).toEqual([
      ["create", null],
      ["create", null],
    ]);
    await expectUntouched(victim);
    expect(await membershipOf(globex.csId, victim.id)).toMatchObject({ joinedAt: null, origin: "imported", firstName: "Imported", lastName: "Person", title: "Intern" });
    expect(await checkSession(h.db, { accountId: victim.id, sessionVersion: victim.sessionVersion }, globex.csId)).toMatchObject({ ok: false });
    const err = await refusal(runAs(h.db, globex.actors.admin, resetUserPassword, { userId: victim.id, generate: true }));
    expect(err).toMatchObject({ kind: "forbidden" });
  });
});

describe("identity ownership: what the inviting clientspace sees and edits before they accept", () => {
  it("edits the names it typed, never the account's; the account's lock and connections stay hidden until they join", async () => {
    const home = await makeRightsWorld(h.db);
    const person = await accountOf(home.target.id);
    const inviter = await makeRightsWorld(h.db);
    await runAs(h.db, inviter.actors.admin, createUser, { email: person.email, firstName: "Typed", lastName: "Name", access: "invitation" });
    await h.db.update(accounts).set({ lockedAt: new Date(), lastConnectionAt: new Date() }).where(eq(accounts.id, person.id));

    const row = await membershipOf(inviter.csId, person.id);
    expect(row).toMatchObject({ firstName: "Typed", lastName: "Name", lockedAt: null, lastConnectionAt: null });
    await runAs(h.db, inviter.actors.admin, updateProfile, {
      userId: person.id,
      expectedVersion: row.version,
      expectedNames: { firstName: "Typed", lastName: "Name" },
      firstName: "Retyped",
      lastName: "Name",
    });
    expect(await membershipOf(inviter.csId, person.id)).toMatchObject({ firstName: "Retyped", invitedFirstName: "Retyped" });
    expect(await accountOf(person.id)).toMatchObject({ firstName: person.firstName, lastName: person.lastName });

    // The export says no more than the table: typed names, no connection, no SSO, no lock.
    await h.db.update(accounts).set({ sso: true }).where(eq(accounts.id, person.id));
    const query = { clientspaceId: inviter.csId, scope: { kind: "clientspace" as const }, filters: pickFilters(loadDirectoryParams({})), now: new Date(), inactivityDays: 90 };
    const exported: string[][] = [];
    for await (const rows of matchingExportRows(h.db, query, null)) exported.push(...rows.map((r) => r.map(String)));
    const line = exported.find((r) => r[0] === person.id)!;
    const cell = (field: UserFieldId) => line[USER_FIELDS.findIndex((f) => f.id === field)];
    expect([cell("firstName"), cell("lastName"), cell("lastConnection"), cell("sso"), cell("status"), cell("origin")]).toEqual(["Retyped", "Name", "", "false", "invited", "created"]);
    expect(line.join("|")).not.toContain(person.lastName);

    await accept(inviter.csId, person.id);
    expect(await membershipOf(inviter.csId, person.id)).toMatchObject({ firstName: person.firstName, lastName: person.lastName, lockedAt: expect.any(Date) });
  });
});
