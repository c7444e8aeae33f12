import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import * as XLSX from "xlsx";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents } from "@/db/schema";
import { EXPORT_HEADERS } from "@/lib/transfer/fields";
import { createTestDatabase } from "@/tests/support/db";
import { parseCsv } from "@/tests/support/import-world";
import { makeRightsWorld } from "@/tests/support/rights-world";
import { sessionOf } from "@/tests/support/session";

// The route's Next.js edges (the session cookie, the process database) are replaced by a test
// database and a chosen session; the route, the domain function and the audit run for real.
// An Excel sheet holds 5 rows here instead of a million, so that "too large" needs 6 users.
const state = vi.hoisted(() => ({ db: undefined as unknown, handle: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db, getDatabase: async () => state.handle }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));
vi.mock("@/lib/transfer/export", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/transfer/export")>()), XLSX_MAX_DATA_ROWS: 5 }));

const { GET, POST } = await import("./route");

type Door = "admin" | "auditor" | "superUser" | "member" | "otherAdmin" | "none";

let h: DatabaseHandle;
let w: Awaited<ReturnType<typeof makeRightsWorld>>;
let other: Awaited<ReturnType<typeof makeRightsWorld>>;
const accountOf = (door: Exclude<Door, "none">) => (door === "otherAdmin" ? other.actors.admin.accountId : w.actors[door].accountId);

beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  state.handle = h;
  w = await makeRightsWorld(h.db);
  other = await makeRightsWorld(h.db);
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.session = null;
});

async function signInAs(door: Door) {
  state.session = door === "none" ? null : await sessionOf(h.db, accountOf(door), door === "otherAdmin" ? other.csId : w.csId);
}

const get = (query: string) => GET(new NextRequest(`http://roster.test/admin/users/export?${query}`));
function post(fields: [string, string][]) {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  return POST(new NextRequest("http://roster.test/admin/users/export", { method: "POST", body: form }));
}

/** The IDs in a downloaded CSV, sorted (the header row checked and left out). */
async function csvIds(response: Response): Promise<string[]> {
  const rows = parseCsv(await response.text());
  expect(rows[0]).toEqual([...EXPORT_HEADERS]);
  return rows.slice(1).map((r) => r[EXPORT_HEADERS.indexOf("ID")]).sort();
}
const exportsBy = (accountId: string) =>
  h.db.select().from(auditEvents).where(and(eq(auditEvents.actorAccountId, accountId), eq(auditEvents.action, "users.exported")));

/** Every user of the rights world's clientspace; the super-user's workspaces (Sales, Support) hold three of them. */
function visibleTo(door: Door): string[] {
  const a = w.actors;
  if (door === "admin" || door === "auditor") return [a.admin, a.auditor, a.superUser, a.otherSuperUser, a.member].map((x) => x.accountId).concat(w.target.id).sort();
  if (door === "superUser") return [a.superUser.accountId, a.member.accountId, w.target.id].sort();
  if (door === "otherAdmin") {
    const o = other.actors;
    return [o.admin, o.auditor, o.superUser, o.otherSuperUser, o.member].map((x) => x.accountId).concat(other.target.id).sort();
  }
  return [];
}

describe("GET /admin/users/export: all users as CSV, per role", () => {
  it.each(["admin", "auditor", "superUser", "otherAdmin"] as const)("as %s: 200, a CSV of the users they may see, and an audit event", async (door) => {
    await signInAs(door);
    const before = (await exportsBy(accountOf(door))).length;
    const response = await get("format=csv&scope=all");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="cs-[0-9a-f]{8}-users-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(await csvIds(response)).toEqual(visibleTo(door));
    const events = await exportsBy(accountOf(door));
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      clientspaceId: door === "otherAdmin" ? other.csId : w.csId,
      source: "ui",
      targetType: "users",
      after: { format: "csv", scope: "all", rowCount: visibleTo(door).length },
    });
  });

  it("as a member: 404, no file and no audit event", async () => {
    await signInAs("member");
    const response = await get("format=csv&scope=all");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("You may not download the user list.");
    expect(await exportsBy(w.actors.member.accountId)).toHaveLength(0);
  });

  it("without a session: 401 with a way to sign in, and no audit event", async () => {
    await signInAs("none");
    const before = await h.db.select().from(auditEvents).where(eq(auditEvents.action, "users.exported"));
    const response = await get("format=csv&scope=all");
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('href="/sign-in"');
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.action, "users.exported"))).toHaveLength(before.length);
  });

  it("refuses a request it cannot read with 400, before anything is written", async () => {
    await signInAs("admin");
    const before = (await exportsBy(w.actors.admin.accountId)).length;
    const response = await get("format=pdf&scope=all");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose CSV or Excel.");
    expect(await exportsBy(w.actors.admin.accountId)).toHaveLength(before);
  });
});

describe("GET /admin/users/export: Excel", () => {
  it("as a super-user: 200, an XLSX of their workspaces' users, audited", async () => {
    await signInAs("superUser");
    const before = (await exportsBy(w.actors.superUser.accountId)).length;
    const response = await get("format=xlsx&scope=all");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = XLSX.read(new Uint8Array(await response.arrayBuffer()));
    const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: "" });
    expect(rows[0]).toEqual([...EXPORT_HEADERS]);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(visibleTo("superUser"));
    expect((await exportsBy(w.actors.superUser.accountId)).at(-1)).toMatchObject({ after: { format: "xlsx", rowCount: 3 } });
    expect(await exportsBy(w.actors.superUser.accountId)).toHaveLength(before + 1);
  });

  it("over the sheet's limit: 422 with the CSV link for the same users, and no audit event", async () => {
    await signInAs("admin");
    const before = (await exportsBy(w.actors.admin.accountId)).length;
    const response = await get("format=xlsx&scope=all");
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("This list has 6 users, more than an Excel sheet holds (5 rows under its header).");
    expect(html).toContain('<a href="/admin/users/export?format=csv&#38;scope=all">Download as CSV</a>');
    expect(await exportsBy(w.actors.admin.accountId)).toHaveLength(before);
  });

  it("over the limit with filters: the CSV link keeps the filters", async () => {
    await signInAs("admin");
    const response = await get("format=xlsx&scope=filtered&kind=internal");
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('<a href="/admin/users/export?format=csv&#38;scope=filtered&#38;kind=internal">Download as CSV</a>');
  });
});

describe("POST /admin/users/export: picked users", () => {
  it("as a super-user: only the picked users they may see, audited with the number picked", async () => {
    await signInAs("superUser");
    const picked = [w.target.id, w.actors.otherSuperUser.accountId, other.actors.admin.accountId];
    const response = await post([["format", "csv"], ["scope", "selection"], ...picked.map((id): [string, string] => ["ids", id])]);
    expect(response.status).toBe(200);
    expect(await csvIds(response)).toEqual([w.target.id]);
    expect((await exportsBy(w.actors.superUser.accountId)).at(-1)).toMatchObject({ after: { format: "csv", scope: "selection", ids: 3, rowCount: 1 } });
  });

  it("as a member: 404 and no audit event", async () => {
    await signInAs("member");
    const response = await post([["format", "csv"], ["scope", "selection"], ["ids", w.target.id]]);
    expect(response.status).toBe(404);
    expect(await exportsBy(w.actors.member.accountId)).toHaveLength(0);
  });

  it("a selection that is not ids: 400 with the page's message", async () => {
    await signInAs("admin");
    const response = await post([["format", "csv"], ["scope", "selection"], ["ids", "not-an-id"]]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This selection cannot be downloaded. Reload the page and select again.");
  });
});
