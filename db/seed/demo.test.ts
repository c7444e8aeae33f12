import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, countDistinct, eq, like, sql } from "drizzle-orm";
import { verifyPassword } from "../../lib/auth/password";
import { createTestDatabase } from "../../tests/support/db";
import type { DatabaseHandle } from "../open";
import {
  accounts,
  clientspaceMemberships as m,
  clientspaces,
  licenseTypes,
  objects,
  roles,
  workspaceMemberships,
  workspaces,
} from "../schema";
import type { Db } from "../types";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, GLOBEX_ADMIN_EMAIL } from "./demo-accounts";
import { seedDemo } from "./demo";
import { generateUsers } from "./generate";
import { BUILT_IN_ROLES } from "./roles";

// SPEC section 3, in its order of precedence; "invited" splits on whether the link has lapsed.
const status = sql<string>`case
  when ${m.disabled} then 'disabled'
  when ${m.lockedAt} is not null then 'locked'
  when ${m.invitedAt} is not null and ${m.joinedAt} is null then
    case when ${m.invitationExpiresAt} <= now() then 'invited_expired' else 'invited' end
  when ${m.firstConnectionAt} is null then 'never_connected'
  when ${m.lastConnectionAt} <= now() - make_interval(days => ${clientspaces.inactivityDays}) then 'inactive'
  else 'active' end`;

const licenseState = sql<string>`case
  when ${m.licenseTypeId} is null then 'none'
  when ${m.licenseStart} > current_date then 'not_started'
  when ${m.licenseEnd} < current_date then 'expired'
  else 'active' end`;

async function countBy(db: Db, expr: typeof status, slug: string, onlyGenerated = false) {
  const rows = await db
    .select({ key: expr, n: count() })
    .from(m)
    .innerJoin(clientspaces, eq(clientspaces.id, m.clientspaceId))
    .where(and(eq(clientspaces.slug, slug), onlyGenerated ? like(m.email, "%@gen.acme.test") : undefined))
    .groupBy(expr);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

const tables = { accounts, clientspaces, workspaces, roles, licenseTypes, m, workspaceMemberships, objects };
async function tableCounts(db: Db) {
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ n: count() }).from(table);
    out[name] = row.n;
  }
  return out;
}

async function seatUse(db: Db) {
  return db
    .select({ name: licenseTypes.name, seatLimit: licenseTypes.seatLimit, used: count(m.accountId) })
    .from(licenseTypes)
    .leftJoin(m, eq(m.licenseTypeId, licenseTypes.id))
    .groupBy(licenseTypes.id, licenseTypes.name, licenseTypes.seatLimit);
}

/** Accounts whose dates contradict each other: connected before being created, last before first. */
async function incoherentTimelines(db: Db) {
  const [row] = await db
    .select({ n: count() })
    .from(accounts)
    .innerJoin(m, eq(m.accountId, accounts.id))
    .where(
      sql`${accounts.lastConnectionAt} < ${accounts.firstConnectionAt} or ${accounts.firstConnectionAt} < ${accounts.createdAt}
          or ${m.joinedAt} < ${m.createdAt} or ${accounts.lastConnectionAt} > now() or ${accounts.lockedAt} > now()
          or ${m.disabledAt} > now() or ${m.disabledAt} < ${accounts.lastConnectionAt}`,
    );
  return row.n;
}

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
  await seedDemo(h.db);
});
afterAll(async () => h?.close());

describe("seedDemo", () => {
  it("gives Acme several users in every status of SPEC section 3", async () => {
    const byStatus = await countBy(h.db, status, "acme");
    for (const s of ["disabled", "locked", "invited", "invited_expired", "never_connected", "inactive", "active"]) {
      expect(byStatus[s], s).toBeGreaterThanOrEqual(3);
    }
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(250);
    expect(total).toBeLessThanOrEqual(350);
  });

  it("keeps invited people without password or connection, and locked ones at 10 failures", async () => {
    const rows = await h.db
      .select({ status, hash: accounts.passwordHash, first: accounts.firstConnectionAt, failed: accounts.failedSignInCount, lockedAt: accounts.lockedAt })
      .from(m)
      .innerJoin(clientspaces, eq(clientspaces.id, m.clientspaceId))
      .innerJoin(accounts, eq(accounts.id, m.accountId));
    for (const r of rows.filter((r) => r.status.startsWith("invited"))) {
      expect(r.hash).toBeNull();
      expect(r.first).toBeNull();
    }
    for (const r of rows.filter((r) => r.status === "locked")) expect(r.failed).toBe(10);
    expect(await incoherentTimelines(h.db)).toBe(0);
    expect(rows.filter((r) => r.lockedAt && r.status !== "locked")).toEqual([]);
  });

  it("never exceeds a license type's seats, and shows every license state", async () => {
    for (const s of await seatUse(h.db)) expect(s.used, s.name).toBeLessThanOrEqual(s.seatLimit);
    const byState = await countBy(h.db, licenseState, "acme");
    for (const s of ["none", "active", "not_started", "expired"]) expect(byState[s], s).toBeGreaterThanOrEqual(3);
  });

  it("mixes origins, internal and external people, and names from several languages", async () => {
    const rows = await h.db
      .select({ origin: m.origin, kind: m.kind, first: accounts.firstName, last: accounts.lastName, username: accounts.username, phone: m.phone })
      .from(m)
      .innerJoin(accounts, eq(accounts.id, m.accountId));
    for (const origin of ["created", "invited", "imported"]) expect(rows.some((r) => r.origin === origin)).toBe(true);
    expect(rows.filter((r) => r.kind === "external").length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => r.phone).length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => /[^\x00-\x7f]/.test(r.first + r.last)).length).toBeGreaterThanOrEqual(50);
    expect(rows.some((r) => r.last.includes("'"))).toBe(true);
    expect(rows.some((r) => r.first.includes("-"))).toBe(true);
    for (const r of rows) expect(r.username).toMatch(/^[a-z-]+\.[a-z-]+\d*$/);
  });

  it("creates the four demo accounts with their rights and the demo password", async () => {
    for (const demo of DEMO_ACCOUNTS) {
      const [row] = await h.db
        .select({ hash: accounts.passwordHash, isAdmin: m.isAdmin, isAuditor: m.isAuditor, status, joinedAt: m.joinedAt })
        .from(accounts)
        .innerJoin(m, eq(m.accountId, accounts.id))
        .innerJoin(clientspaces, eq(clientspaces.id, m.clientspaceId))
        .where(and(eq(accounts.email, demo.email), eq(clientspaces.slug, "acme")));
      expect(row, demo.email).toBeDefined();
      expect(row.status).toBe("active");
      expect(row.joinedAt).not.toBeNull();
      expect(await verifyPassword(row.hash!, DEMO_PASSWORD)).toBe(true);
      expect(row.isAdmin).toBe(demo.email === "admin@acme.test");
      expect(row.isAuditor).toBe(demo.email === "auditor@acme.test");
    }
    const salesRoles = await h.db
      .select({ email: accounts.email, role: roles.key })
      .from(workspaceMemberships)
      .innerJoin(workspaces, eq(workspaces.id, workspaceMemberships.workspaceId))
      .innerJoin(roles, eq(roles.id, workspaceMemberships.roleId))
      .innerJoin(accounts, eq(accounts.id, workspaceMemberships.accountId))
      .where(eq(workspaces.name, "Sales"));
    const roleOf = (email: string) => salesRoles.find((r) => r.email === email)?.role;
    expect(roleOf("super@acme.test")).toBe("super_user");
    expect(roleOf("member@acme.test")).toBe("editor");
    expect(salesRoles.filter((r) => r.role === "super_user").length).toBeGreaterThanOrEqual(2);
  });

  it("gives each clientspace the built-in roles and its own license types", async () => {
    const rows = await h.db
      .select({ slug: clientspaces.slug, key: roles.key, permissions: roles.permissions })
      .from(roles)
      .innerJoin(clientspaces, eq(clientspaces.id, roles.clientspaceId));
    for (const slug of ["acme", "globex"]) {
      const mine = rows.filter((r) => r.slug === slug);
      expect(mine.map((r) => r.key).sort()).toEqual(BUILT_IN_ROLES.map((r) => r.key).sort());
      expect(mine.find((r) => r.key === "super_user")!.permissions).toContain("workspace.users.manage");
      expect(mine.find((r) => r.key === "no_access")!.permissions).toEqual([]);
    }
    const seats = await seatUse(h.db);
    expect(seats.map((s) => [s.name, s.seatLimit]).sort()).toEqual(
      [["Admin", 10], ["Explorer", 200], ["Manager", 5], ["Operator", 40], ["Steward", 50]].sort(),
    );
  });

  it("shares exactly two accounts between Acme and Globex, invited on the Globex side", async () => {
    const shared = await h.db
      .select({ accountId: m.accountId, origin: m.origin, slug: clientspaces.slug })
      .from(m)
      .innerJoin(clientspaces, eq(clientspaces.id, m.clientspaceId))
      .where(sql`${m.accountId} in (select account_id from clientspace_memberships group by account_id having count(*) > 1)`);
    expect(new Set(shared.map((r) => r.accountId)).size).toBe(2);
    expect(shared.filter((r) => r.slug === "globex").map((r) => r.origin)).toEqual(["invited", "invited"]);
    const globex = await countBy(h.db, status, "globex");
    expect(Object.values(globex).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7);
    const [admin] = await h.db.select({ isAdmin: m.isAdmin }).from(m).where(eq(m.email, GLOBEX_ADMIN_EMAIL));
    expect(admin.isAdmin).toBe(true);
  });

  it("fills objects so that several users have five or more modified ones", async () => {
    const rows = await h.db
      .select({ email: accounts.email, n: count() })
      .from(objects)
      .innerJoin(accounts, eq(accounts.id, objects.modifiedByAccountId))
      .groupBy(accounts.email);
    expect(rows.filter((r) => r.n >= 5).length).toBeGreaterThanOrEqual(5);
    expect(rows.find((r) => r.email === "member@acme.test")!.n).toBeGreaterThanOrEqual(5);
    const kinds = await h.db.selectDistinct({ kind: objects.kind }).from(objects);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(["dataset", "dashboard", "report"]));
    const [outside] = await h.db
      .select({ n: count() })
      .from(objects)
      .innerJoin(accounts, eq(accounts.id, objects.modifiedByAccountId))
      .where(sql`${objects.modifiedAt} < ${accounts.firstConnectionAt} or ${objects.modifiedAt} > now()`);
    expect(outside.n).toBe(0);
  });

  it("does nothing the second time", async () => {
    const before = await tableCounts(h.db);
    await seedDemo(h.db);
    expect(await tableCounts(h.db)).toEqual(before);
  });

  it("produces the same people on every run", async () => {
    const other = await createTestDatabase();
    try {
      await seedDemo(other.db);
      const people = (db: Db) =>
        db.select({ id: accounts.id, username: accounts.username, email: accounts.email }).from(accounts).orderBy(accounts.id);
      expect(await people(other.db)).toEqual(await people(h.db));
    } finally {
      await other.close();
    }
  });
});

describe("generateUsers", () => {
  it("adds exactly the requested users, unique, with trigger-filled directory copies", async () => {
    const before = await tableCounts(h.db);
    const progress: number[] = [];
    await generateUsers(h.db, { clientspaceSlug: "acme", count: 5000, chunkSize: 2000, onProgress: (n) => progress.push(n) });
    expect(progress).toEqual([2000, 4000, 5000]);

    const after = await tableCounts(h.db);
    expect(after.m - before.m).toBe(5000);
    expect(after.accounts - before.accounts).toBe(5000);
    const [gen] = await h.db
      .select({ n: count(), emails: countDistinct(sql`lower(${m.email})`), usernames: countDistinct(m.username) })
      .from(m)
      .where(like(m.email, "%@gen.acme.test"));
    expect(gen).toEqual({ n: 5000, emails: 5000, usernames: 5000 });

    const [unfilled] = await h.db
      .select({ n: count() })
      .from(m)
      .innerJoin(accounts, eq(accounts.id, m.accountId))
      .where(sql`${m.search} = '' or ${m.sortName} = '' or ${m.username} <> ${accounts.username} or ${m.lastConnectionAt} is distinct from ${accounts.lastConnectionAt}`);
    expect(unfilled.n).toBe(0);

    const byStatus = await countBy(h.db, status, "acme", true);
    for (const s of ["disabled", "locked", "invited", "invited_expired", "never_connected", "inactive", "active"]) {
      expect(byStatus[s], s).toBeGreaterThanOrEqual(10);
    }
    expect(byStatus.active + byStatus.inactive).toBeGreaterThan(4000);
    expect(await incoherentTimelines(h.db)).toBe(0);
    for (const s of await seatUse(h.db)) expect(s.used, s.name).toBeLessThanOrEqual(s.seatLimit);
    const [inWorkspaces] = await h.db
      .select({ n: countDistinct(workspaceMemberships.accountId) })
      .from(workspaceMemberships)
      .innerJoin(m, and(eq(m.accountId, workspaceMemberships.accountId), eq(m.clientspaceId, workspaceMemberships.clientspaceId)))
      .where(like(m.email, "%@gen.acme.test"));
    expect(inWorkspaces.n).toBeGreaterThan(2500);
    expect(inWorkspaces.n).toBeLessThan(5000);
  });

  it("can run again without colliding with the previous run", async () => {
    const [before] = await h.db.select({ n: count() }).from(m);
    await generateUsers(h.db, { clientspaceSlug: "acme", count: 25 });
    const [after] = await h.db.select({ n: count() }).from(m);
    expect(after.n - before.n).toBe(25);
  });

  it("refuses an unknown clientspace", async () => {
    await expect(generateUsers(h.db, { clientspaceSlug: "nope", count: 1 })).rejects.toThrow(/nope/);
  });
});
