import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, auditEvents, clientspaceMemberships, emailOutbox } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { actorOf, makeRightsWorld, ROLE_CASES, runAs, type RoleCase } from "@/tests/support/rights-world";
import { loadUserPanel } from "./panel";
import { updateProfile, type ProfileInput } from "./profile";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

type World = Awaited<ReturnType<typeof makeRightsWorld>>;

/**
 * The rights world, with names the profile rules accept for the users whose forms are saved (the
 * factory's "User 1a2b" has digits, which a save that changes it refuses).
 */
async function world(): Promise<World> {
  const w = await makeRightsWorld(h.db);
  for (const [id, lastName] of [[w.target.id, "Lovelace"], [w.actors.member.accountId, "Hopper"]]) {
    await h.db.update(accounts).set({ firstName: "Ada", lastName }).where(eq(accounts.id, id));
  }
  return w;
}
const membership = async (csId: string, userId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, userId))))[0];
const account = async (userId: string) => (await h.db.select().from(accounts).where(eq(accounts.id, userId)))[0];
const auditOf = (userId: string) => h.db.select().from(auditEvents).where(eq(auditEvents.targetId, userId)).orderBy(auditEvents.id);
const mailsTo = (address: string) => h.db.select().from(emailOutbox).where(eq(emailOutbox.to, address));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const save = (actor: Actor, input: ProfileInput) => runAs(h.db, actor, updateProfile, input);

/** What the edit form sends when opened now: every field as saved, and the version and names it read. */
async function formFor(csId: string, userId: string): Promise<ProfileInput> {
  const [row, acc] = await Promise.all([membership(csId, userId), account(userId)]);
  return {
    userId,
    expectedVersion: row.version,
    expectedNames: { firstName: acc.firstName, lastName: acc.lastName },
    firstName: acc.firstName,
    lastName: acc.lastName,
    title: row.title ?? "",
    service: row.service ?? "",
    phone: row.phone ?? "",
    kind: row.kind,
    email: acc.email,
  };
}

/** The member's own form at /account: no email, no internal/external. */
async function ownFormFor(csId: string, userId: string): Promise<ProfileInput> {
  const { kind: _kind, email: _email, ...rest } = await formFor(csId, userId);
  return rest;
}

async function expectUntouched(w: World, userId: string) {
  expect(await membership(w.csId, userId)).toMatchObject({ version: 1, title: null, service: null, phone: null, kind: "internal" });
  expect(await auditOf(userId)).toHaveLength(0);
}

describe("updateProfile: who may edit names, title, service and phone", () => {
  const expected: Record<RoleCase, true | "forbidden" | "not_found"> = {
    admin: true,
    auditor: "forbidden",
    superUser: true,
    otherSuperUser: "not_found",
    member: "not_found",
  };
  for (const role of ROLE_CASES) {
    it(`${role}: ${expected[role] === true ? "saves" : `refused (${expected[role]})`}`, async () => {
      const w = await world();
      const before = await account(w.target.id);
      const run = save(w.actors[role], {
        ...(await formFor(w.csId, w.target.id)),
        firstName: "Zoë",
        lastName: "O’Brien-Nakamura",
        title: "Lead engineer",
        service: "Platform",
        phone: "+33 1 23 45 67 89",
      });
      if (expected[role] === true) {
        await expect(run).resolves.toEqual({ changed: true, version: 2 });
        expect(await account(w.target.id)).toMatchObject({ firstName: "Zoë", lastName: "O’Brien-Nakamura", username: before.username });
        expect(await membership(w.csId, w.target.id)).toMatchObject({
          title: "Lead engineer",
          service: "Platform",
          phone: "+33 1 23 45 67 89",
          // The directory copies follow the account (database trigger).
          firstName: "Zoë",
          lastName: "O’Brien-Nakamura",
          version: 2,
          updatedBy: w.actors[role].accountId,
        });
      } else {
        expect(await refusal(run)).toMatchObject({ kind: expected[role] });
        expect(await account(w.target.id)).toMatchObject({ firstName: before.firstName, lastName: before.lastName });
        await expectUntouched(w, w.target.id);
      }
    });
  }

  it("answers an admin of another clientspace as if the user did not exist", async () => {
    const w = await world();
    const other = await world();
    const err = await refusal(save(other.actors.admin, { ...(await formFor(w.csId, w.target.id)), title: "Spy" }));
    expect(err).toMatchObject({ kind: "not_found" });
    await expectUntouched(w, w.target.id);
  });

  it("lets a member edit their own names, title, service and phone", async () => {
    const w = await world();
    const me = w.actors.member;
    const result = await save(me, { ...(await ownFormFor(w.csId, me.accountId)), lastName: "Ngũgĩ", title: "Analyst", phone: "01 23 45 ext 12" });
    expect(result).toEqual({ changed: true, version: 2 });
    expect(await account(me.accountId)).toMatchObject({ lastName: "Ngũgĩ" });
    expect(await membership(w.csId, me.accountId)).toMatchObject({ title: "Analyst", phone: "01 23 45 ext 12", updatedBy: me.accountId });
  });

  it("refuses a member's own email and internal/external, and accepts them sent back unchanged", async () => {
    const w = await world();
    const me = w.actors.member;
    const form = await formFor(w.csId, me.accountId);
    const email = await refusal(save(me, { ...form, email: "me.elsewhere@example.test" }));
    expect(email).toMatchObject({ kind: "forbidden", message: expect.stringMatching(/Only an administrator/) });
    const kind = await refusal(save(me, { ...form, kind: "external", title: "Analyst" }));
    expect(kind).toMatchObject({ kind: "forbidden" });
    await expectUntouched(w, me.accountId);
    expect(await account(me.accountId)).toMatchObject({ email: form.email });

    // The panel's form sends every field back; unchanged ones need no extra right.
    await expect(save(me, { ...form, title: "Analyst" })).resolves.toMatchObject({ changed: true });
  });

  it("lets an admin change internal/external, and refuses a super-user (SPEC section 2: admin only)", async () => {
    const w = await world();
    const err = await refusal(save(w.actors.superUser, { ...(await formFor(w.csId, w.target.id)), kind: "external" }));
    expect(err).toMatchObject({ kind: "forbidden", message: expect.stringMatching(/Only an administrator/) });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ kind: "internal", version: 1 });
    await save(w.actors.admin, { ...(await formFor(w.csId, w.target.id)), kind: "external" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ kind: "external", version: 2 });
    const events = await auditOf(w.target.id);
    expect(events.map((e) => [e.before, e.after])).toEqual([[{ kind: "internal" }, { kind: "external" }]]);
  });

  it("never lets a super-user change the email of a user of their workspace, an admin there included", async () => {
    const w = await world();
    const admin = await makeUser(h.db, w.csId, { membership: { isAdmin: true }, superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } });
    for (const userId of [w.target.id, admin.id]) {
      const before = await account(userId);
      const err = await refusal(save(w.actors.superUser, { ...(await formFor(w.csId, userId)), email: `taken.${userId.slice(0, 8)}@example.test` }));
      expect(err).toMatchObject({ kind: "forbidden", fieldErrors: { email: ["Only an administrator can change the email address."] } });
      expect(await account(userId)).toMatchObject({ email: before.email });
      expect(await mailsTo(`taken.${userId.slice(0, 8)}@example.test`)).toHaveLength(0);
    }
  });
});

describe("updateProfile: optimistic concurrency", () => {
  it("refuses the second of two saves made from the same version, naming the first saver; the first one's values stay", async () => {
    const w = await world();
    const form = await formFor(w.csId, w.target.id);
    const adminName = await account(w.actors.admin.accountId);
    await save(w.actors.admin, { ...form, title: "Head of sales" });
    const err = await refusal(save(w.actors.superUser, { ...form, title: "Sales intern", service: "Sales" }));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: "conflict" });
    const message = (err as DomainError).message;
    expect(message).toMatch(new RegExp(`^Changed by ${adminName.firstName} ${adminName.lastName} at \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2} UTC\\. Reload to see their changes\\.$`));
    expect(await membership(w.csId, w.target.id)).toMatchObject({ title: "Head of sales", service: null, version: 2, updatedBy: w.actors.admin.accountId });
    expect(await auditOf(w.target.id)).toHaveLength(1);

    // After a reload the form carries the new version, and the same values go through.
    await save(w.actors.superUser, { ...(await formFor(w.csId, w.target.id)), title: "Sales intern", service: "Sales" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ title: "Sales intern", service: "Sales", version: 3 });
  });

  it("refuses a stale form when another clientspace renamed the account, which this membership's version does not show", async () => {
    const w = await world();
    const other = await world();
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: other.csId, accountId: w.target.id, origin: "invited", joinedAt: new Date() });
    const stale = await formFor(w.csId, w.target.id);
    await save(other.actors.admin, { ...(await formFor(other.csId, w.target.id)), firstName: "Renamed", lastName: "Elsewhere" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ version: 1, firstName: "Renamed" });

    const err = await refusal(save(w.actors.admin, { ...stale, title: "Lead" }));
    expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/^Their name was changed elsewhere at .+ UTC: it is now Renamed Elsewhere\. Reload/) });
    // Who did it is another tenant's business.
    expect((err as DomainError).message).not.toContain("Test User");
    expect(await account(w.target.id)).toMatchObject({ firstName: "Renamed", lastName: "Elsewhere" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ title: null, version: 1 });
  });

  it("does not refuse a form because the account changed in ways it does not show (accounts.updated_at is not part of the check)", async () => {
    const w = await world();
    const form = await formFor(w.csId, w.target.id);
    await h.db.update(accounts).set({ passwordChangedAt: new Date(), updatedAt: sql`now() + interval '1 minute'` }).where(eq(accounts.id, w.target.id));
    await expect(save(w.actors.admin, { ...form, title: "Lead" })).resolves.toEqual({ changed: true, version: 2 });
  });
});

describe("updateProfile: email", () => {
  it("changes the address of an account created here, queues the notice to both addresses, and keeps the sessions", async () => {
    const w = await world();
    const before = await account(w.target.id);
    await save(w.actors.admin, { ...(await formFor(w.csId, w.target.id)), email: "  New.Address@Example.TEST " });
    const after = await account(w.target.id);
    expect(after).toMatchObject({ email: "new.address@example.test", username: before.username, sessionVersion: before.sessionVersion });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ email: "new.address@example.test", version: 2 });
    for (const to of [before.email, "new.address@example.test"]) {
      const mails = await mailsTo(to);
      expect(mails.map((m) => [m.template, m.status])).toEqual([["email-changed", "pending"]]);
      expect(mails[0].text).toContain(before.email);
      expect(mails[0].text).toContain("new.address@example.test");
    }
    const [event] = await auditOf(w.target.id);
    expect(event).toMatchObject({ action: "user.profile_updated", before: { email: before.email }, after: { email: "new.address@example.test" } });
  });

  it("refuses the address of an account whose home is another clientspace, with the reason, and sends nothing", async () => {
    const w = await world();
    const home = await makeClientspace(h.db);
    const invited = await makeUser(h.db, home.clientspace.id, { account: { firstName: "Grace", lastName: "Hopper" } });
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: w.csId, accountId: invited.id, origin: "invited", joinedAt: new Date() });
    const err = await refusal(save(w.actors.admin, { ...(await formFor(w.csId, invited.id)), email: "taken.over@example.test", title: "Lead" }));
    expect(err).toMatchObject({ kind: "forbidden", message: expect.stringMatching(/managed by their home organisation/) });
    expect((err as DomainError).fieldErrors?.email).toHaveLength(1);
    expect(await account(invited.id)).toMatchObject({ email: invited.email });
    expect(await membership(w.csId, invited.id)).toMatchObject({ title: null, version: 1 });
    expect(await mailsTo(invited.email)).toHaveLength(0);
    expect(await auditOf(invited.id)).toHaveLength(0);
  });

  it("refuses an address another account uses, whatever its letter case", async () => {
    const w = await world();
    const other = await world();
    const owner = await account(other.target.id);
    const err = await refusal(save(w.actors.admin, { ...(await formFor(w.csId, w.target.id)), email: owner.email.toUpperCase() }));
    expect(err).toMatchObject({ kind: "invalid", fieldErrors: { email: ["This email address is already used by another account."] } });
    expect(await account(w.target.id)).toMatchObject({ email: w.target.email });
    expect(await mailsTo(w.target.email)).toHaveLength(0);
  });

  it("treats the same address in other letters as unchanged", async () => {
    const w = await world();
    const result = await save(w.actors.admin, { ...(await formFor(w.csId, w.target.id)), email: w.target.email.toUpperCase() });
    expect(result).toEqual({ changed: false, version: 1 });
    expect(await mailsTo(w.target.email)).toHaveLength(0);
  });
});

describe("updateProfile: values", () => {
  it("refuses digits in a name with a message on the field, and writes nothing", async () => {
    const w = await world();
    const before = await account(w.target.id);
    const err = await refusal(save(w.actors.admin, { ...(await formFor(w.csId, w.target.id)), firstName: "R2D2", title: "Droid" }));
    expect(err).toMatchObject({ kind: "invalid", fieldErrors: { firstName: ["A first name cannot contain digits."] } });
    expect(await account(w.target.id)).toMatchObject({ firstName: before.firstName });
    await expectUntouched(w, w.target.id);
  });

  it("checks only what changes: a stored name the rules refuse does not block a new title, and cannot be typed anew", async () => {
    const w = await world();
    await h.db.update(accounts).set({ lastName: "Lovelace 2nd" }).where(eq(accounts.id, w.target.id));
    const form = await formFor(w.csId, w.target.id);
    await save(w.actors.admin, { ...form, title: "Countess" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ title: "Countess", version: 2 });
    expect(await account(w.target.id)).toMatchObject({ lastName: "Lovelace 2nd" });

    const err = await refusal(save(w.actors.admin, { ...(await formFor(w.csId, w.target.id)), lastName: "Lovelace 3rd" }));
    expect(err).toMatchObject({ kind: "invalid", fieldErrors: { lastName: ["A last name cannot contain digits."] } });
    expect(await account(w.target.id)).toMatchObject({ lastName: "Lovelace 2nd" });
  });

  it("trims, stores empty optional fields as null, and records only the changed fields before and after", async () => {
    const w = await world();
    await h.db
      .update(clientspaceMemberships)
      .set({ title: "Engineer", service: "R&D", phone: "+1 555 0100" })
      .where(and(eq(clientspaceMemberships.clientspaceId, w.csId), eq(clientspaceMemberships.accountId, w.target.id)));
    const form = await formFor(w.csId, w.target.id);
    await save(w.actors.admin, { ...form, firstName: `  ${form.firstName}  `, title: "  Lead   engineer ", service: "", phone: "+1 555 0100" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ title: "Lead   engineer", service: null, phone: "+1 555 0100", version: 2 });
    const [event] = await auditOf(w.target.id);
    expect(event).toMatchObject({
      action: "user.profile_updated",
      actorAccountId: w.actors.admin.accountId,
      before: { title: "Engineer", service: "R&D" },
      after: { title: "Lead   engineer", service: null },
    });
    expect(Object.keys(event.after as object).sort()).toEqual(["service", "title"]);
  });

  it("changes nothing for a save that changes nothing: no version bump, no audit event", async () => {
    const w = await world();
    const before = await membership(w.csId, w.target.id);
    const result = await save(w.actors.admin, await formFor(w.csId, w.target.id));
    expect(result).toEqual({ changed: false, version: 1 });
    const after = await membership(w.csId, w.target.id);
    expect(after).toMatchObject({ version: 1, updatedBy: null });
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(await auditOf(w.target.id)).toHaveLength(0);
  });

  it("refuses a self-edit by a user of another clientspace who shares the account id only there", async () => {
    const w = await world();
    const other = await world();
    // The member of the other clientspace is no member here: their "self" does not reach this clientspace.
    const outsider = actorOf(other.actors.member.accountId, w.csId);
    const err = await refusal(save(outsider, { ...(await formFor(other.csId, outsider.accountId)), title: "Lead" }));
    expect(err).toMatchObject({ kind: "not_found" });
    expect(await membership(other.csId, outsider.accountId)).toMatchObject({ title: null, version: 1 });
  });
});

describe("the panel's edit form", () => {
  it("shows email and internal/external to an admin only, not to a super-user nor to a member on their own profile", async () => {
    const w = await world();
    const clock = { now: new Date(), inactivityDays: 90 };
    const offer = async (actor: Actor, userId: string) => {
      const panel = await loadUserPanel(h.db, actor, userId, clock);
      return panel && { edit: panel.allowed.includes("editProfile"), email: panel.mayEditEmail, kind: panel.mayEditKind };
    };
    expect(await offer(w.actors.admin, w.target.id)).toEqual({ edit: true, email: true, kind: true });
    expect(await offer(w.actors.superUser, w.target.id)).toEqual({ edit: true, email: false, kind: false });
    expect(await offer(w.actors.auditor, w.target.id)).toEqual({ edit: false, email: false, kind: false });
    expect(await offer(w.actors.member, w.actors.member.accountId)).toEqual({ edit: true, email: false, kind: false });
  });
});
