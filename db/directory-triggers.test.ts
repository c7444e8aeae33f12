import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "./open";
import { accounts, clientspaceMemberships, clientspaces } from "./schema";
import { createTestDatabase } from "../tests/support/db";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

describe("directory copies", () => {
  it("copy account names into the membership for search and keep them in sync", async () => {
    const [cs] = await h.db.insert(clientspaces).values({ name: "T", slug: "t" }).returning();
    const [a] = await h.db
      .insert(accounts)
      .values({ email: "Zoé.Lefèvre@example.test", username: "zoe.lefevre", firstName: "Zoé", lastName: "Lefèvre" })
      .returning();
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: cs.id, accountId: a.id });
    await h.db.update(accounts).set({ lastName: "Ørsted" }).where(eq(accounts.id, a.id));
    const [m] = await h.db.select().from(clientspaceMemberships);
    expect(m.lastName).toBe("Ørsted");
    expect(m.search).toContain("zoe orsted");
    expect(m.sortName).toBe("orsted zoe");
    expect(m.email).toBe("Zoé.Lefèvre@example.test");
  });
});

describe("license name copy", () => {
  it("follows the membership's license type and the type's renames", async () => {
    const { licenseTypes } = await import("./schema");
    const [cs] = await h.db.insert(clientspaces).values({ name: "L", slug: "l" }).returning();
    const [lt] = await h.db.insert(licenseTypes).values({ clientspaceId: cs.id, name: "Explorer", seatLimit: 5 }).returning();
    const [a] = await h.db.insert(accounts).values({ email: "l@example.test", username: "l.l", firstName: "L", lastName: "L" }).returning();
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: cs.id, accountId: a.id, licenseTypeId: lt.id });
    const read = async () =>
      (await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.clientspaceId, cs.id)))[0].licenseName;
    expect(await read()).toBe("Explorer");
    await h.db.update(licenseTypes).set({ name: "Viewer seat" }).where(eq(licenseTypes.id, lt.id));
    expect(await read()).toBe("Viewer seat");
    await h.db.update(clientspaceMemberships).set({ licenseTypeId: null }).where(eq(clientspaceMemberships.clientspaceId, cs.id));
    expect(await read()).toBeNull();
  });
});

describe("home clientspace (migration 0007, SPEC section 2)", () => {
  const make = async (slug: string) => (await h.db.insert(clientspaces).values({ name: slug, slug }).returning())[0];
  const account = async (tag: string) =>
    (await h.db.insert(accounts).values({ email: `${tag}@example.test`, username: tag, firstName: "Ann", lastName: tag }).returning())[0];
  const homeOf = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0].homeClientspaceId;

  it("makes the first membership's clientspace the home, and no later one", async () => {
    const [a, b] = [await make("home-a"), await make("home-b")];
    const person = await account("home.first");
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: a.id, accountId: person.id, joinedAt: new Date() });
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: b.id, accountId: person.id, origin: "invited" });
    expect(await homeOf(person.id)).toBe(a.id);
    // An account whose home is gone while it belongs elsewhere is adopted by nobody.
    await h.db.update(accounts).set({ homeClientspaceId: null }).where(eq(accounts.id, person.id));
    const c = await make("home-c");
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: c.id, accountId: person.id, origin: "invited" });
    expect(await homeOf(person.id)).toBeNull();
  });

  it("backfills existing accounts and leaves every membership as it was", async () => {
    const [a, b] = [await make("legacy-a"), await make("legacy-b")];
    const shared = await account("legacy.shared");
    const onlyInvited = await account("legacy.invited");
    await h.db.insert(clientspaceMemberships).values([
      { clientspaceId: b.id, accountId: shared.id, origin: "invited", joinedAt: null, createdAt: new Date("2025-01-01") },
      { clientspaceId: a.id, accountId: shared.id, origin: "created", joinedAt: new Date(), createdAt: new Date("2025-06-01") },
      { clientspaceId: b.id, accountId: onlyInvited.id, origin: "invited", joinedAt: new Date() },
    ]);
    // As before migration 0007: no home anywhere.
    await h.db.update(accounts).set({ homeClientspaceId: null });
    const before = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.clientspaceId, b.id));

    const migration = readFileSync(new URL("./migrations/0007_identity_sessions_throttle.sql", import.meta.url), "utf8");
    const backfills = migration.split("--> statement-breakpoint").filter((statement) => /^\s*(--.*\n)*\s*UPDATE/i.test(statement));
    expect(backfills).toHaveLength(2);
    for (const statement of backfills) await h.db.execute(sql.raw(statement));

    // The clientspace that created it, not the one that invited it first; else its only one.
    expect(await homeOf(shared.id)).toBe(a.id);
    expect(await homeOf(onlyInvited.id)).toBe(b.id);
    const after = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.clientspaceId, b.id));
    const shown = (rows: typeof before) => rows.map((r) => ({ id: r.accountId, first: r.firstName, last: r.lastName, email: r.email, joined: r.joinedAt }));
    expect(shown(after)).toEqual(shown(before));
    // The pending one keeps showing what it showed, now as the names its inviter typed.
    expect(after.find((r) => r.accountId === shared.id)).toMatchObject({ invitedFirstName: "Ann", invitedLastName: "legacy.shared" });
  });
});
