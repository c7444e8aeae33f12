import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
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
