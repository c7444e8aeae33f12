import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/open";
import { listDirectoryPage } from "@/db/queries/users";
import { roles, workspaceMemberships, workspaces } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import type { Actor } from "@/lib/permissions";
import { directoryQueryFor } from "./directory";
import { loadDirectoryParams } from "./directory-params";

let h: DatabaseHandle;
let csId: string;
let salesId: string;
let financeId: string;
const people: Record<string, string> = {};

beforeAll(async () => {
  h = await createTestDatabase();
  const made = await makeClientspace(h.db);
  csId = made.clientspace.id;
  salesId = made.workspace.id;
  [{ id: financeId }] = await h.db.insert(workspaces).values({ clientspaceId: csId, name: "Finance" }).returning();
  const [editor] = await h.db.insert(roles).values({ clientspaceId: csId, key: "editor", name: "Editor", permissions: [] }).returning();
  for (const [name, ws] of [["InSales", salesId], ["InFinance", financeId], ["Nowhere", null]] as const) {
    const u = await makeUser(h.db, csId, { account: { lastName: name } });
    people[name] = u.id;
    if (ws) await h.db.insert(workspaceMemberships).values({ workspaceId: ws, accountId: u.id, clientspaceId: csId, roleId: editor.id });
  }
  const other = await makeClientspace(h.db);
  await makeUser(h.db, other.clientspace.id, { account: { lastName: "OtherTenant" } });
});
afterAll(async () => h?.close());

const actor = (over: Partial<Actor>): Actor => ({
  accountId: people.Nowhere,
  clientspaceId: csId,
  isAdmin: false,
  isAuditor: false,
  superUserWorkspaceIds: [],
  superUsersMayCreateUsers: true,
  ...over,
});

async function visible(a: Actor) {
  const q = directoryQueryFor(a, loadDirectoryParams({}), { now: new Date(), inactivityDays: 90 });
  if (!q) return null;
  return (await listDirectoryPage(h.db, q)).rows.map((r) => r.lastName).sort();
}

describe("who sees which users on the users page", () => {
  it("shows a clientspace admin and an auditor every user of their clientspace, and nobody else's", async () => {
    expect(await visible(actor({ isAdmin: true }))).toEqual(["InFinance", "InSales", "Nowhere"]);
    expect(await visible(actor({ isAuditor: true }))).toEqual(["InFinance", "InSales", "Nowhere"]);
  });
  it("shows a super-user the users of their workspaces only", async () => {
    expect(await visible(actor({ superUserWorkspaceIds: [salesId] }))).toEqual(["InSales"]);
    expect(await visible(actor({ superUserWorkspaceIds: [salesId, financeId] }))).toEqual(["InFinance", "InSales"]);
  });
  it("gives a member no directory at all", async () => {
    expect(await visible(actor({}))).toBeNull();
  });
});
