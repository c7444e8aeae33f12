import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomInt } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountTokens, auditEvents, clientspaceMemberships, clientspaces, emailOutbox, licenseTypes, workspaceMemberships } from "@/db/schema";
import { hashLinkToken } from "@/lib/auth/link-token";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser, TEST_PASSWORD } from "@/tests/support/factories";
import { actorOf, makeRightsWorld, ROLE_CASES, runAs, type RoleCase } from "@/tests/support/rights-world";
import type { CreateUserInput } from "./create-user-schema";
import { createUser, lookupEmailForCreate } from "./create-user";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

type World = Awaited<ReturnType<typeof makeRightsWorld>>;

/** Accounts are global: every test names its people uniquely (letters only, names take no digits). */
const letters = (n = 8) => Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join("");
const newEmail = () => `${letters()}@example.test`;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

function input(world: World, overrides: Partial<CreateUserInput> = {}): CreateUserInput {
  return {
    email: newEmail(),
    firstName: "Grace",
    lastName: `Hopper ${letters()}`,
    access: "password",
    passwordMode: "generate",
    workspaces: [{ workspaceId: world.sales.id, roleId: world.viewerRole.id }],
    ...overrides,
  };
}

const create = (world: World, role: RoleCase, values: CreateUserInput) => runAs(h.db, world.actors[role], createUser, values);
const accountBy = async (email: string) => (await h.db.select().from(accounts).where(eq(sql`lower(${accounts.email})`, email.toLowerCase())))[0];
const membershipOf = async (csId: string, accountId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, accountId))))[0];
const auditOf = (accountId: string) => h.db.select().from(auditEvents).where(eq(auditEvents.targetId, accountId)).orderBy(auditEvents.id);
const mailsTo = (email: string) => h.db.select().from(emailOutbox).where(eq(emailOutbox.to, email));

/** Nothing of a refused creation is left behind. */
async function expectNothingWritten(email: string) {
  expect(await accountBy(email)).toBeUndefined();
  expect(await mailsTo(email)).toHaveLength(0);
  expect((await h.db.select().from(auditEvents).where(sql`${auditEvents.after}->>'email' = ${email}`)).length).toBe(0);
}

describe("createUser: who may create", () => {
  const expected: Record<RoleCase, true | "forbidden"> = { admin: true, auditor: "forbidden", superUser: true, otherSuperUser: "forbidden", member: "forbidden" };
  for (const role of ROLE_CASES) {
    it(`${role} creating into Sales: ${expected[role] === true ? "created" : "refused"}`, async () => {
      const world = await makeRightsWorld(h.db);
      const values = input(world);
      const err = await refusal(create(world, role, values));
      if (expected[role] === true) {
        expect(err).toBeNull();
        const account = await accountBy(values.email);
        expect(await membershipOf(world.csId, account.id)).toMatchObject({ origin: "created", isAdmin: false, isAuditor: false, updatedBy: world.actors[role].accountId });
        const wm = await h.db.select().from(workspaceMemberships).where(eq(workspaceMemberships.accountId, account.id));
        expect(wm).toMatchObject([{ workspaceId: world.sales.id, roleId: world.viewerRole.id, clientspaceId: world.csId }]);
      } else {
        expect(err).toMatchObject({ kind: expected[role] });
        await expectNothingWritten(values.email);
      }
    });
  }

  it("lets a super-user create into their own workspaces only: another workspace, none, or a mix is refused", async () => {
    const world = await makeRightsWorld(h.db);
    const role = world.viewerRole.id;
    for (const workspaces of [
      [{ workspaceId: world.legal.id, roleId: role }],
      [],
      [
        { workspaceId: world.support.id, roleId: role },
        { workspaceId: world.legal.id, roleId: role },
      ],
    ]) {
      const values = input(world, { workspaces });
      expect(await refusal(create(world, "superUser", values))).toMatchObject({ kind: "forbidden", fieldErrors: { workspaces: [expect.any(String)] } });
      await expectNothingWritten(values.email);
    }
    const both = input(world, { workspaces: [{ workspaceId: world.sales.id, roleId: role }, { workspaceId: world.support.id, roleId: role }] });
    await create(world, "superUser", both);
    const account = await accountBy(both.email);
    expect(await h.db.select().from(workspaceMemberships).where(eq(workspaceMemberships.accountId, account.id))).toHaveLength(2);
  });

  it("refuses a super-user granting admin access, auditor or a license", async () => {
    const world = await makeRightsWorld(h.db);
    const [pro] = await h.db.insert(licenseTypes).values({ clientspaceId: world.csId, name: "Pro", seatLimit: 5 }).returning();
    for (const extra of [{ isAdmin: true }, { isAuditor: true }, { licenseTypeId: pro.id, licenseStart: day(0), licenseEnd: day(30) }]) {
      const values = input(world, extra);
      expect(await refusal(create(world, "superUser", values))).toMatchObject({ kind: "forbidden" });
      await expectNothingWritten(values.email);
    }
  });

  it("refuses a super-user when the clientspace does not let super-users create users", async () => {
    const world = await makeRightsWorld(h.db);
    const actor = { ...world.actors.superUser, superUsersMayCreateUsers: false };
    const values = input(world);
    const err = await refusal(runAs(h.db, actor, createUser, values));
    expect(err).toMatchObject({ kind: "forbidden", message: expect.stringMatching(/does not let workspace super-users create users/) });
    await expectNothingWritten(values.email);
    expect(await refusal(lookupEmailForCreate(h.db, actor, values.email))).toMatchObject({ kind: "forbidden" });
  });

  it("treats another clientspace's workspace or role as not found", async () => {
    const world = await makeRightsWorld(h.db);
    const other = await makeRightsWorld(h.db);
    for (const grant of [
      { workspaceId: other.sales.id, roleId: world.viewerRole.id },
      { workspaceId: world.sales.id, roleId: other.viewerRole.id },
    ]) {
      const values = input(world, { workspaces: [grant] });
      expect(await refusal(create(world, "admin", values))).toMatchObject({ kind: "not_found" });
      await expectNothingWritten(values.email);
    }
  });
});

describe("createUser: the email", () => {
  it("normalises the address and finds an existing account whatever its case", async () => {
    const world = await makeRightsWorld(h.db);
    const local = letters();
    await create(world, "admin", input(world, { email: `  ${local.toUpperCase()}@Example.TEST ` }));
    const account = await accountBy(`${local}@example.test`);
    expect(account.email).toBe(`${local}@example.test`);

    const elsewhere = await makeRightsWorld(h.db);
    // Another clientspace's account answers exactly as an unknown address (SPEC section 2).
    expect(await lookupEmailForCreate(h.db, elsewhere.actors.admin, `${local.toUpperCase()}@EXAMPLE.test`)).toEqual({ kind: "new", email: `${local}@example.test` });
    expect(await lookupEmailForCreate(h.db, elsewhere.actors.admin, newEmail())).toMatchObject({ kind: "new" });
    expect(await refusal(lookupEmailForCreate(h.db, elsewhere.actors.admin, "not-an-email"))).toMatchObject({ kind: "invalid", fieldErrors: { email: [expect.any(String)] } });
  });

  it("refuses an existing member, and links their panel only for an actor who may see them", async () => {
    const world = await makeRightsWorld(h.db);
    const email = world.target.email;
    expect(await lookupEmailForCreate(h.db, world.actors.admin, email)).toEqual({
      kind: "member",
      email,
      name: `${world.target.firstName} ${world.target.lastName}`,
      userId: world.target.id,
    });
    expect(await lookupEmailForCreate(h.db, world.actors.otherSuperUser, email)).toMatchObject({ kind: "member", userId: null, name: email });
    expect(await refusal(lookupEmailForCreate(h.db, world.actors.auditor, email))).toMatchObject({ kind: "forbidden" });

    const before = await auditOf(world.target.id);
    for (const access of ["invitation", "password"] as const) {
      const err = await refusal(create(world, "admin", input(world, { email: email.toUpperCase(), access })));
      expect(err).toMatchObject({ kind: "conflict", message: expect.stringMatching(/already a member of this clientspace/), fieldErrors: { email: [expect.any(String)] } });
    }
    expect(await auditOf(world.target.id)).toEqual(before);
  });

  it("invites an account of another clientspace: a pending membership with the typed names, the account untouched", async () => {
    const home = await makeClientspace(h.db);
    const person = await makeUser(h.db, home.clientspace.id, { account: { firstName: "Ingrid", lastName: `Bergman ${letters()}` } });
    const world = await makeRightsWorld(h.db);

    const values = input(world, { email: person.email, firstName: "Someone", lastName: "Else", access: "invitation", title: "Auditor of books" });
    const result = await create(world, "admin", values);
    expect(result).toEqual({ userId: person.id, username: expect.stringMatching(/^someone\.else/), access: "invitation" });

    const account = await accountBy(person.email);
    expect(account).toMatchObject({ firstName: person.firstName, lastName: person.lastName, passwordHash: person.passwordHash, username: person.username, homeClientspaceId: home.clientspace.id });
    expect(await verifyPassword(account.passwordHash!, TEST_PASSWORD)).toBe(true);
    const row = await membershipOf(world.csId, person.id);
    // Until they accept, this clientspace sees what it typed, nothing of the account.
    // Recorded like a new person's ("created") until they accept.
    expect(row).toMatchObject({ origin: "created", title: "Auditor of books", joinedAt: null, firstName: "Someone", lastName: "Else", username: result.username, lastConnectionAt: null });
    expect(row.invitedAt).not.toBeNull();
    expect((await mailsTo(person.email)).map((m) => m.template)).toEqual(["invitation"]);
    expect(await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, person.id))).toMatchObject([{ purpose: "invitation", clientspaceId: world.csId }]);
    const [event] = await auditOf(person.id);
    expect(event).toMatchObject({ action: "user.created", clientspaceId: world.csId, targetLabel: "Someone Else", after: { origin: "created", access: "invitation", firstName: "Someone" } });
    expect(JSON.stringify(event)).not.toContain(person.lastName);
  });

  it("invites instead when 'add immediately' is asked for an account of another clientspace: no password is set or shown", async () => {
    const home = await makeClientspace(h.db);
    const person = await makeUser(h.db, home.clientspace.id);
    const world = await makeRightsWorld(h.db);
    for (const passwordMode of ["generate", "typed"] as const) {
      const other = passwordMode === "generate" ? world : await makeRightsWorld(h.db);
      const result = await create(other, "admin", input(other, { email: person.email, access: "password", passwordMode, password: "plum-orchard-river-5581", confirm: "plum-orchard-river-5581" }));
      expect(result).toEqual({ userId: person.id, username: expect.any(String), access: "invitation", invitedInstead: true });
      expect(await membershipOf(other.csId, person.id)).toMatchObject({ joinedAt: null, origin: "created" });
    }
    const account = await accountBy(person.email);
    expect(account.passwordHash).toBe(person.passwordHash);
    expect(account.sessionVersion).toBe(person.sessionVersion);
  });
});

describe("createUser: access", () => {
  it("invites by email: no password, a hashed single-use token for this clientspace, not joined yet", async () => {
    const world = await makeRightsWorld(h.db);
    const now = new Date("2026-05-04T09:00:00Z");
    const values = input(world, { access: "invitation" });
    const result = await runAs(h.db, world.actors.admin, (ctx, actor, i: CreateUserInput) => createUser(ctx, actor, i, { now }), values);
    expect(result).toMatchObject({ access: "invitation" });
    expect(result.generatedPassword).toBeUndefined();

    const account = await accountBy(values.email);
    expect(account.passwordHash).toBeNull();
    const row = await membershipOf(world.csId, account.id);
    expect(row).toMatchObject({ origin: "created", joinedAt: null, invitedAt: now, invitationExpiresAt: new Date("2026-05-05T09:00:00Z") });
    const [mail] = await mailsTo(values.email);
    expect(mail.template).toBe("invitation");
    const token = decodeURIComponent(/invitation\?token=([^"&]+)/.exec(mail.html)![1]);
    const tokens = await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, account.id));
    expect(tokens).toMatchObject([{ purpose: "invitation", clientspaceId: world.csId, tokenHash: hashLinkToken(token), usedAt: null, voidedAt: null }]);
  });

  it("adds immediately with a typed password, which verifies; the policy applies", async () => {
    const world = await makeRightsWorld(h.db);
    const password = "velvet-harbour-quartz-8812";
    const values = input(world, { passwordMode: "typed", password, confirm: password });
    const result = await create(world, "admin", values);
    expect(result.generatedPassword).toBeUndefined();
    const account = await accountBy(values.email);
    expect(await verifyPassword(account.passwordHash!, password)).toBe(true);
    expect(account.passwordChangedAt).not.toBeNull();
    expect((await membershipOf(world.csId, account.id)).joinedAt).not.toBeNull();
    expect(await mailsTo(values.email)).toHaveLength(0);

    const weak = input(world, { firstName: "Marguerite", passwordMode: "typed", password: "marguerite-sunflower-11", confirm: "marguerite-sunflower-11" });
    expect(await refusal(create(world, "admin", weak))).toMatchObject({ kind: "invalid", fieldErrors: { password: [expect.stringMatching(/email address or name/)] } });
    await expectNothingWritten(weak.email);

    const mismatch = input(world, { passwordMode: "typed", password, confirm: `${password}x` });
    expect(await refusal(create(world, "admin", mismatch))).toMatchObject({ kind: "invalid", fieldErrors: { confirm: ["The passwords do not match."] } });
  });

  it("adds immediately with a generated password: returned once, verifies, passes the policy, never stored or logged in clear", async () => {
    const world = await makeRightsWorld(h.db);
    const values = input(world, { passwordMode: "generate" });
    const { generatedPassword, userId } = await create(world, "admin", values);
    expect(generatedPassword).toBeDefined();
    const account = await accountBy(values.email);
    expect(await verifyPassword(account.passwordHash!, generatedPassword!)).toBe(true);
    expect(checkPasswordPolicy(generatedPassword!, account)).toEqual([]);
    expect(account.passwordHash).not.toContain(generatedPassword);
    const events = await auditOf(userId);
    expect(JSON.stringify(events)).not.toContain(generatedPassword);
    expect(events).toMatchObject([{ action: "user.created", after: { access: "password", passwordGenerated: true } }]);
  });
});

describe("createUser: names and username", () => {
  it("refuses digits in names and writes nothing", async () => {
    const world = await makeRightsWorld(h.db);
    const values = input(world, { firstName: "R2", lastName: "D2" });
    expect(await refusal(create(world, "admin", values))).toMatchObject({
      kind: "invalid",
      fieldErrors: { firstName: ["A first name cannot contain digits."], lastName: ["A last name cannot contain digits."] },
    });
    await expectNothingWritten(values.email);
  });

  it("accepts names of any script, falling back to the email for the username when no Latin letter is left", async () => {
    const world = await makeRightsWorld(h.db);
    const local = letters();
    const values = input(world, { email: `${local}@example.test`, firstName: "小龙", lastName: "李" });
    const { username } = await create(world, "admin", values);
    expect(username).toBe(local);
    expect(await accountBy(values.email)).toMatchObject({ firstName: "小龙", lastName: "李" });

    const cyrillic = input(world, { firstName: "Ольга", lastName: "Петрова-Смирнова" });
    await create(world, "admin", cyrillic);
    expect(await accountBy(cyrillic.email)).toMatchObject({ firstName: "Ольга", lastName: "Петрова-Смирнова" });
  });

  it("makes first.last ASCII and unique with a number suffix", async () => {
    const world = await makeRightsWorld(h.db);
    const first = await create(world, "admin", input(world, { firstName: "Zoë", lastName: "Ångström" }));
    const second = await create(world, "admin", input(world, { firstName: "zoe", lastName: "Angstrom" }));
    const third = await create(world, "admin", input(world, { firstName: "Zoé", lastName: "ÅNGSTRÖM" }));
    expect([first.username, second.username, third.username]).toEqual(["zoe.angstrom", "zoe.angstrom2", "zoe.angstrom3"]);
  });

  it("gives concurrent creates of one name distinct usernames", async () => {
    const world = await makeRightsWorld(h.db);
    const results = await Promise.all(Array.from({ length: 4 }, () => create(world, "admin", input(world, { firstName: "Rosalind", lastName: "Franklin" }))));
    expect(results.map((r) => r.username).sort()).toEqual(["rosalind.franklin", "rosalind.franklin2", "rosalind.franklin3", "rosalind.franklin4"]);
  });

  it("retries the next free username when the insert collides, keeping the rest of the transaction", async () => {
    const world = await makeRightsWorld(h.db);
    // A collision that the lookup could not see: the first insert of this username fails once on the unique index.
    await h.db.execute(sql.raw(`create sequence if not exists race_once`));
    await h.db.execute(
      sql.raw(`create or replace function race_username() returns trigger language plpgsql as $$
        begin
          if new.username = 'ren.race' and nextval('race_once') = 1 then
            raise exception 'duplicate username' using errcode = 'unique_violation';
          end if;
          return new;
        end $$`),
    );
    await h.db.execute(sql.raw(`create trigger race_username before insert on accounts for each row execute function race_username()`));
    try {
      const values = input(world, { firstName: "Ren", lastName: "Race", access: "invitation" });
      const result = await create(world, "admin", values);
      expect(result.username).toBe("ren.race");
      expect(await membershipOf(world.csId, result.userId)).toMatchObject({ origin: "created" });
      expect((await mailsTo(values.email)).map((m) => m.template)).toEqual(["invitation"]);
    } finally {
      await h.db.execute(sql.raw(`drop trigger race_username on accounts`));
      await h.db.execute(sql.raw(`drop function race_username()`));
    }
  });
});

describe("createUser: rights, license and audit", () => {
  async function licensedWorld(seatLimit: number) {
    const world = await makeRightsWorld(h.db);
    const [pro] = await h.db.insert(licenseTypes).values({ clientspaceId: world.csId, name: "Pro", seatLimit }).returning();
    return { world, pro };
  }

  it("gives an admin's new user admin access, auditor, workspaces with roles and a license", async () => {
    const { world, pro } = await licensedWorld(2);
    const values = input(world, {
      isAdmin: true,
      isAuditor: true,
      kind: "external",
      phone: "+33 1 23 45 67 89",
      workspaces: [
        { workspaceId: world.sales.id, roleId: world.superUserRole.id },
        { workspaceId: world.legal.id, roleId: world.viewerRole.id },
      ],
      licenseTypeId: pro.id,
      licenseStart: day(0),
      licenseEnd: day(365),
    });
    const { userId, username } = await create(world, "admin", values);
    expect(await membershipOf(world.csId, userId)).toMatchObject({
      isAdmin: true,
      isAuditor: true,
      kind: "external",
      phone: "+33 1 23 45 67 89",
      licenseTypeId: pro.id,
      licenseStart: values.licenseStart,
      licenseEnd: values.licenseEnd,
    });
    const events = await auditOf(userId);
    expect(events.map((e) => e.action)).toEqual(["user.created", "user.license_changed"]);
    expect(events[0]).toMatchObject({
      clientspaceId: world.csId,
      actorAccountId: world.actors.admin.accountId,
      targetLabel: `${values.firstName} ${values.lastName}`,
      after: {
        email: values.email,
        username,
        origin: "created",
        isAdmin: true,
        isAuditor: true,
        workspaces: [
          { workspaceId: world.sales.id, workspace: "Sales", role: "Super-user" },
          { workspaceId: world.legal.id, workspace: "Legal", role: "Viewer" },
        ],
        license: { licenseTypeId: pro.id },
      },
    });
    expect(Object.keys(events[0].after as object)).not.toContain("password");
  });

  it("refuses a license over the seat limit and writes nothing", async () => {
    const { world, pro } = await licensedWorld(1);
    await h.db.update(clientspaceMemberships).set({ licenseTypeId: pro.id, licenseStart: day(-10), licenseEnd: day(10) }).where(eq(clientspaceMemberships.accountId, world.target.id));
    const values = input(world, { access: "invitation", licenseTypeId: pro.id, licenseStart: day(0), licenseEnd: day(30) });
    expect(await refusal(create(world, "admin", values))).toMatchObject({ kind: "conflict", message: "No seat left on Pro (1/1)." });
    await expectNothingWritten(values.email);
  });

  it("refuses duplicate workspaces and incomplete license dates before writing", async () => {
    const world = await makeRightsWorld(h.db);
    const grant = { workspaceId: world.sales.id, roleId: world.viewerRole.id };
    const values = input(world, { workspaces: [grant, grant], licenseTypeId: world.sales.id, licenseStart: "", licenseEnd: "" });
    expect(await refusal(create(world, "admin", values))).toMatchObject({
      kind: "invalid",
      fieldErrors: { workspaces: [expect.any(String)], licenseStart: ["Give the start date."], licenseEnd: ["Give the end date."] },
    });
    await expectNothingWritten(values.email);
  });

  it("lets an admin create a user in no workspace at all", async () => {
    const world = await makeRightsWorld(h.db);
    const values = input(world, { workspaces: [] });
    const { userId } = await create(world, "admin", values);
    expect(await h.db.select().from(workspaceMemberships).where(eq(workspaceMemberships.accountId, userId))).toHaveLength(0);
  });

  it("answers a lookup and a create by an actor of another clientspace without touching this one", async () => {
    const world = await makeRightsWorld(h.db);
    const [cs] = await h.db.select().from(clientspaces).where(eq(clientspaces.id, world.csId));
    const stranger = actorOf(world.actors.admin.accountId, (await makeClientspace(h.db)).clientspace.id, { isAdmin: true });
    expect(cs.id).not.toBe(stranger.clientspaceId);
    const values = input(world);
    expect(await refusal(runAs(h.db, stranger, createUser, values))).toMatchObject({ kind: "not_found" });
    await expectNothingWritten(values.email);
  });
});
