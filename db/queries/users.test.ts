import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/open";
import { licenseTypes, roles, workspaceMemberships, workspaces } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { loadDirectoryParams, pickFilters, type DirectoryFilters, type SortKey } from "@/lib/users/directory-params";
import type { UserScope } from "@/lib/permissions";
import { countByStatus, countDirectory, listDirectoryPage, seatUsage, type DirectoryPageQuery } from "./users";

const NOW = new Date("2026-06-15T12:00:00Z");
const days = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

let h: DatabaseHandle;
let csId: string;
let otherCsId: string;
let salesId: string;
let financeId: string;
let editorRoleId: string;
let explorerId: string;
const ids: Record<string, string> = {};

const noFilters: DirectoryFilters = pickFilters(loadDirectoryParams({}));

function q(overrides: Omit<Partial<DirectoryPageQuery>, "filters"> & { filters?: Partial<DirectoryFilters> } = {}): DirectoryPageQuery {
  return {
    clientspaceId: csId,
    scope: { kind: "clientspace" },
    sort: "name",
    dir: "asc",
    size: 25,
    cursor: null,
    now: NOW,
    inactivityDays: 90,
    ...overrides,
    filters: { ...noFilters, ...overrides.filters },
  };
}
const names = async (query: DirectoryPageQuery) => (await listDirectoryPage(h.db, query)).rows.map((r) => r.lastName);

beforeAll(async () => {
  h = await createTestDatabase();
  const made = await makeClientspace(h.db, { slug: "dir" });
  csId = made.clientspace.id;
  salesId = made.workspace.id;
  [{ id: financeId }] = await h.db.insert(workspaces).values({ clientspaceId: csId, name: "Finance" }).returning();
  [{ id: editorRoleId }] = await h.db.insert(roles).values({ clientspaceId: csId, key: "editor", name: "Editor", permissions: [] }).returning();
  [{ id: explorerId }] = await h.db.insert(licenseTypes).values({ clientspaceId: csId, name: "Explorer", seatLimit: 10 }).returning();
  otherCsId = (await makeClientspace(h.db, { slug: "other" })).clientspace.id;

  const connected = { firstConnectionAt: days(200), lastConnectionAt: days(1) };
  const people: [string, string, Parameters<typeof makeUser>[2]][] = [
    ["Active", "Élodie", { account: connected, membership: { licenseTypeId: explorerId, licenseStart: "2026-01-01", licenseEnd: "2026-12-31" } }],
    ["Inactive", "Bob", { account: { firstConnectionAt: days(300), lastConnectionAt: days(120) }, membership: { kind: "external" } }],
    ["Never", "Carla", { account: {}, membership: { origin: "imported" } }],
    ["Invited", "Dan", { account: { passwordHash: null }, membership: { invitedAt: days(0.5), invitationExpiresAt: new Date(NOW.getTime() + 3600_000), joinedAt: null } }],
    ["Expired", "Eve", { account: { passwordHash: null }, membership: { invitedAt: days(3), invitationExpiresAt: days(2), joinedAt: null } }],
    ["Locked", "Fay", { account: { ...connected, lockedAt: days(1) } }],
    ["Disabled", "Gus", { account: { ...connected, lockedAt: days(1) }, membership: { disabled: true, disabledAt: days(1), isAdmin: true } }],
    ["Zoller", "Hana", { account: { ...connected, email: "hana.zoller@example.test" }, membership: { licenseTypeId: explorerId, licenseStart: "2026-09-01", isAuditor: true } }],
  ];
  for (const [last, first, opts] of people) {
    const u = await makeUser(h.db, csId, { ...opts, account: { lastName: last, firstName: first, ...opts?.account } });
    ids[last] = u.id;
  }
  await h.db.insert(workspaceMemberships).values([
    { workspaceId: salesId, accountId: ids.Active, clientspaceId: csId, roleId: editorRoleId },
    { workspaceId: salesId, accountId: ids.Zoller, clientspaceId: csId, roleId: made.superUserRole.id },
    { workspaceId: financeId, accountId: ids.Inactive, clientspaceId: csId, roleId: editorRoleId },
  ]);
  await makeUser(h.db, otherCsId, { account: { lastName: "Outsider", firstName: "Olga" } });
});
afterAll(async () => h?.close());

describe("users listing", () => {
  it("lists only the clientspace's users, sorted by last then first name, ignoring accents", async () => {
    expect(await names(q())).toEqual(["Active", "Disabled", "Expired", "Inactive", "Invited", "Locked", "Never", "Zoller"]);
  });

  it("derives every status of SPEC section 3 with its precedence", async () => {
    const { rows } = await listDirectoryPage(h.db, q());
    const status = Object.fromEntries(rows.map((r) => [r.lastName, r.status]));
    expect(status).toEqual({
      Active: "active",
      Inactive: "inactive",
      Never: "never_connected",
      Invited: "invited",
      Expired: "invitation_expired",
      Locked: "locked",
      Disabled: "disabled",
      Zoller: "active",
    });
    expect(await countByStatus(h.db, q())).toEqual({
      disabled: 1,
      locked: 1,
      invited: 1,
      invitation_expired: 1,
      never_connected: 1,
      inactive: 1,
      active: 2,
    });
  });

  it("filters by status, several at once", async () => {
    expect(await names(q({ filters: { status: ["locked", "disabled"] } }))).toEqual(["Disabled", "Locked"]);
    expect(await names(q({ filters: { status: ["invitation_expired"] } }))).toEqual(["Expired"]);
  });

  it("searches a substring of names, email or username, ignoring case and accents", async () => {
    expect(await names(q({ filters: { q: "ELODIE" } }))).toEqual(["Active"]);
    expect(await names(q({ filters: { q: "élo" } }))).toEqual(["Active"]);
    expect(await names(q({ filters: { q: "hana.zoller@" } }))).toEqual(["Zoller"]);
    expect(await names(q({ filters: { q: "active elodie" } }))).toEqual(["Active"]);
    expect(await names(q({ filters: { q: "100%_" } }))).toEqual([]);
  });

  it("filters by license type, no license, and license state", async () => {
    expect(await names(q({ filters: { license: [explorerId] } }))).toEqual(["Active", "Zoller"]);
    expect((await names(q({ filters: { license: ["none"] } }))).length).toBe(6);
    expect(await names(q({ filters: { licenseState: ["not_started"] } }))).toEqual(["Zoller"]);
    expect(await names(q({ filters: { licenseState: ["active"] } }))).toEqual(["Active"]);
    const { rows } = await listDirectoryPage(h.db, q({ filters: { license: [explorerId] } }));
    expect(rows.map((r) => [r.licenseName, r.licenseState])).toEqual([
      ["Explorer", "active"],
      ["Explorer", "not_started"],
    ]);
  });

  it("filters by admin, auditor, workspace, workspace role, internal/external, origin", async () => {
    expect(await names(q({ filters: { admin: "yes" } }))).toEqual(["Disabled"]);
    expect(await names(q({ filters: { auditor: "yes" } }))).toEqual(["Zoller"]);
    expect(await names(q({ filters: { workspace: [salesId] } }))).toEqual(["Active", "Zoller"]);
    expect(await names(q({ filters: { workspace: [salesId], role: [editorRoleId] } }))).toEqual(["Active"]);
    expect(await names(q({ filters: { role: [editorRoleId] } }))).toEqual(["Active", "Inactive"]);
    expect(await names(q({ filters: { kind: "external" } }))).toEqual(["Inactive"]);
    expect(await names(q({ filters: { origin: ["imported"] } }))).toEqual(["Never"]);
  });

  it("filters by connection date ranges (inclusive days) and never connected", async () => {
    const d = (x: Date) => new Date(x.toISOString().slice(0, 10));
    expect(await names(q({ filters: { lastFrom: d(days(130)), lastTo: d(days(100)) } }))).toEqual(["Inactive"]);
    expect(await names(q({ filters: { lastTo: d(days(120)) } }))).toEqual(["Inactive"]);
    expect(await names(q({ filters: { never: true } }))).toEqual(["Expired", "Invited", "Never"]);
    expect((await names(q({ filters: { firstFrom: d(days(200)) } }))).sort()).toEqual(["Active", "Disabled", "Locked", "Zoller"]);
  });

  it("scopes a super-user to users sharing their workspaces, and a member to themselves", async () => {
    const ws: UserScope = { kind: "workspaces", workspaceIds: [salesId] };
    expect(await names(q({ scope: ws }))).toEqual(["Active", "Zoller"]);
    expect(await names(q({ scope: { kind: "self", accountId: ids.Never } }))).toEqual(["Never"]);
    expect(await countDirectory(h.db, q({ scope: ws }))).toEqual({ count: 2, exact: true });
  });

  it("pages forward and back with keyset cursors, for every sort key and direction", async () => {
    const sorts: SortKey[] = ["name", "email", "username", "license", "licenseEnd", "firstConnection", "lastConnection", "created"];
    for (const sort of sorts) {
      for (const dir of ["asc", "desc"] as const) {
        const all = (await listDirectoryPage(h.db, q({ sort, dir, size: 100 as never }))).rows.map((r) => r.accountId);
        expect(all, `${sort} ${dir}`).toHaveLength(8);
        const seen: string[] = [];
        const pages: { cursor: string | null; rows: string[] }[] = [];
        let cursor: string | null = null;
        do {
          const page = await listDirectoryPage(h.db, q({ sort, dir, size: 3 as never, cursor }));
          pages.push({ cursor, rows: page.rows.map((r) => r.accountId) });
          seen.push(...page.rows.map((r) => r.accountId));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen, `${sort} ${dir} forward`).toEqual(all);
        // And back from the last page to the first.
        const last = await listDirectoryPage(h.db, q({ sort, dir, size: 3 as never, cursor: pages[pages.length - 1].cursor }));
        let prev = last.prevCursor;
        const back: string[][] = [last.rows.map((r) => r.accountId)];
        while (prev) {
          const page = await listDirectoryPage(h.db, q({ sort, dir, size: 3 as never, cursor: prev }));
          back.unshift(page.rows.map((r) => r.accountId));
          prev = page.prevCursor;
        }
        expect(back.flat(), `${sort} ${dir} backward`).toEqual(all);
      }
    }
  });

  it("ignores a cursor made for another sort or a forged one", async () => {
    const first = await listDirectoryPage(h.db, q({ size: 3 as never }));
    expect((await listDirectoryPage(h.db, q({ size: 3 as never, sort: "email", cursor: first.nextCursor }))).prevCursor).toBeNull();
    expect((await listDirectoryPage(h.db, q({ cursor: "not-a-cursor" }))).rows).toHaveLength(8);
  });

  it("starts from the first page for a cursor whose value or id the sort could not have written, without asking PostgreSQL", async () => {
    const forge = (sort: SortKey, value: unknown, id: unknown = ids.Active) => Buffer.from(JSON.stringify(["after", sort, "asc", value, id])).toString("base64url");
    const forged: [SortKey, unknown, unknown?][] = [
      ["lastConnection", "yesterday"],
      ["lastConnection", "2026-02-30 10:00:00+00"],
      ["created", "2026-06-01 25:00:00+00"],
      ["licenseEnd", "2026-13-01"],
      ["licenseEnd", 42],
      ["name", "a\u0000b"],
      ["name", "x".repeat(2000)],
      ["name", "active", "------------------------------------"],
      ["name", "active", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"],
    ];
    for (const [sort, value, id] of forged) {
      const page = await listDirectoryPage(h.db, q({ sort, cursor: forge(sort, value, id) }));
      expect(page.prevCursor, `${sort} ${String(value).slice(0, 20)}`).toBeNull();
      expect(page.rows).toHaveLength(8);
    }
    // The values the database itself writes still page.
    for (const sort of ["lastConnection", "licenseEnd", "created"] as const) {
      const first = await listDirectoryPage(h.db, q({ sort, size: 3 as never }));
      expect((await listDirectoryPage(h.db, q({ sort, size: 3 as never, cursor: first.nextCursor }))).prevCursor).not.toBeNull();
    }
  });

  it("drops NUL and control characters from a search instead of sending them to PostgreSQL", async () => {
    const filters = pickFilters(loadDirectoryParams({ q: "zol\u0000ler\u0007" }));
    expect(filters.q).toBe("zoller");
    expect(await names(q({ filters }))).toEqual(["Zoller"]);
    // The query layer guards itself too, whatever door the term came through.
    expect(await names(q({ filters: { q: "zol\u0000ler" } }))).toEqual(["Zoller"]);
    expect(await countDirectory(h.db, q({ filters: { q: "\u0000" } }))).toMatchObject({ count: 8 });
  });

  it("counts exactly, and counts seats until a license has expired", async () => {
    expect(await countDirectory(h.db, q({ filters: { status: ["active", "inactive"] } }))).toEqual({ count: 3, exact: true });
    expect(await seatUsage(h.db, csId, q())).toEqual([{ licenseTypeId: explorerId, name: "Explorer", limit: 10, used: 2 }]);
  });
});
