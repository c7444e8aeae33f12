import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/open";
import { clientspaces, licenseTypes, roles, workspaces } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace } from "@/tests/support/factories";
import { loadDirectoryFacets } from "./directory-facets";

let h: DatabaseHandle;

beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => {
  await h.close();
});

describe("loadDirectoryFacets", () => {
  it("lists this clientspace's license types, workspaces and roles by name, with its settings", async () => {
    const { clientspace: cs } = await makeClientspace(h.db, { inactivityDays: 45, invitationHours: 72 });
    const other = (await makeClientspace(h.db)).clientspace;
    await h.db.insert(workspaces).values([
      { clientspaceId: cs.id, name: "Research" },
      { clientspaceId: cs.id, name: "Finance" },
      { clientspaceId: other.id, name: "Elsewhere" },
    ]);
    await h.db.insert(licenseTypes).values([
      { clientspaceId: cs.id, name: "Viewer seat", seatLimit: 50 },
      { clientspaceId: cs.id, name: "Explorer", seatLimit: 10 },
      { clientspaceId: other.id, name: "Other seat", seatLimit: 1 },
    ]);
    await h.db.insert(roles).values({ clientspaceId: cs.id, key: "editor", name: "Editor", permissions: ["objects.view", "objects.edit"] });

    const facets = await loadDirectoryFacets(h.db, cs.id);

    expect(facets.workspaces.map((w) => w.name)).toEqual(["Finance", "Research", "Sales"]);
    expect(facets.licenseTypes).toEqual([
      { id: expect.any(String), name: "Explorer", seatLimit: 10 },
      { id: expect.any(String), name: "Viewer seat", seatLimit: 50 },
    ]);
    expect(facets.roles.map(({ key, name, permissions }) => ({ key, name, permissions }))).toEqual([
      { key: "editor", name: "Editor", permissions: ["objects.view", "objects.edit"] },
      { key: "super_user", name: "Super-user", permissions: ["workspace.users.manage"] },
      { key: "viewer", name: "Viewer", permissions: ["objects.view"] },
    ]);
    const [finance] = await h.db.select({ id: workspaces.id }).from(workspaces).where(eqName(cs.id, "Finance"));
    expect(facets.workspaces[0].id).toBe(finance.id);
    expect(facets.inactivityDays).toBe(45);
    expect(facets.invitationHours).toBe(72);
  });

  it("answers empty lists, not null, for a clientspace without license types", async () => {
    const [cs] = await h.db.insert(clientspaces).values({ name: "Bare", slug: "bare-facets" }).returning();
    const facets = await loadDirectoryFacets(h.db, cs.id);
    expect(facets).toEqual({ licenseTypes: [], workspaces: [], roles: [], inactivityDays: 90, invitationHours: 24 });
  });
});

function eqName(clientspaceId: string, name: string) {
  return and(eq(workspaces.clientspaceId, clientspaceId), eq(workspaces.name, name));
}
