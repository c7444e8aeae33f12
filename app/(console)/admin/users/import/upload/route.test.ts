import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import type { DatabaseHandle } from "@/db/open";
import { accounts, importJobs, importMappings } from "@/db/schema";
import { SUPER_USER_CREATE } from "@/lib/import/classify";
import { uploadHref } from "@/lib/import/upload-schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { makeImportWorld, type ImportWorld } from "@/tests/support/import-world";
import { sessionOf } from "@/tests/support/session";

// The route's Next.js edges (the session cookie, the process database) are replaced by a test
// database and a chosen session; the route, lib/import, the worker thread and the database run for real.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));

const { GET, POST } = await import("./route");
const actions = await import("../actions");

type Door = "admin" | "auditor" | "superUser" | "member" | "otherAdmin" | "none";

let h: DatabaseHandle;
let w: ImportWorld;
let other: ImportWorld;
let known: { id: string; email: string };

beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  w = await makeImportWorld(h.db);
  other = await makeImportWorld(h.db);
  known = await makeUser(h.db, w.csId, { account: { firstName: "Paula", lastName: "Person" }, superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } });
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.session = null;
});

async function signInAs(door: Door) {
  const accountId = door === "otherAdmin" ? other.actors.admin.accountId : door === "none" ? null : w.actors[door].accountId;
  state.session = accountId ? await sessionOf(h.db, accountId, door === "otherAdmin" ? other.csId : w.csId) : null;
}

const ORIGIN = "http://roster.test";
const tag = () => randomBytes(3).toString("hex");
const csvOf = (newEmail: string) => ["Email,First name,Last name,Title", `${newEmail},Nora,Newman,Analyst`, `${known.email},,,Buyer ${tag()}`].join("\r\n");

/**
 * A body that counts what the route pulls from it: `size` bytes in 1 MB chunks (endless without a
 * size), each made only when asked for (no chunk read ahead).
 */
function countedBody(size = Infinity) {
  const chunk = new Uint8Array(1024 * 1024).fill(65);
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= size) return controller.close();
      const n = Math.min(chunk.length, size - seen.pulled);
      seen.pulled += n;
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, seen };
}

/** A POST as the import page's fetch sends it; a header given as null is left out. */
type Post = { name?: string; body?: BodyInit | null; headers?: Record<string, string | null>; mappingId?: string; href?: string };
function upload({ name = "people.csv", body = "", headers = {}, mappingId, href }: Post) {
  const url = `${ORIGIN}${href ?? uploadHref(name, { mappingId })}`;
  const sent = Object.entries({ origin: ORIGIN, host: "roster.test", ...headers }).filter((e): e is [string, string] => e[1] !== null);
  return POST(new NextRequest(url, { method: "POST", body, headers: sent, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]));
}

const jobsIn = async (csId: string) => (await h.db.select({ n: count() }).from(importJobs).where(eq(importJobs.clientspaceId, csId)))[0].n;
const accountByEmail = async (email: string) => (await h.db.select().from(accounts).where(eq(sql`lower(${accounts.email})`, email.toLowerCase())))[0];

describe("per role", () => {
  it("as admin: the file read on its worker and previewed, a job of this clientspace stored", async () => {
    await signInAs("admin");
    const newEmail = `new.${tag()}@example.test`;
    const response = await upload({ body: csvOf(newEmail) });
    expect(response.status).toBe(200);
    // The proxy skips this route: its own answers carry the security headers.
    expect(Object.fromEntries(["cache-control", "content-security-policy", "x-frame-options", "x-content-type-options"].map((k) => [k, response.headers.get(k)]))).toEqual({
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
    });
    const result = await response.json();
    expect(result).toMatchObject({ ok: true, message: "2 rows read.", data: { counts: { create: 1, update: 1, unchanged: 0, error: 0 }, headers: ["Email", "First name", "Last name", "Title"] } });
    expect(result.data.mapping).toEqual({ Email: "email", "First name": "firstName", "Last name": "lastName", Title: "title" });
    const [job] = await h.db.select().from(importJobs).where(eq(importJobs.id, result.data.job.id));
    expect(job).toMatchObject({ clientspaceId: w.csId, createdBy: w.actors.admin.accountId, status: "previewed", rowsTotal: 2, fileName: "people.csv", format: "csv" });
    expect(await accountByEmail(newEmail)).toBeUndefined();
  });

  it("as a super-user: allowed, the row that would create a user is an error", async () => {
    await signInAs("superUser");
    const result = await (await upload({ body: csvOf(`new.${tag()}@example.test`) })).json();
    expect(result).toMatchObject({ ok: true, data: { counts: { create: 0, update: 1, error: 1 } } });
    expect(result.data.rows[0]).toMatchObject({ outcome: "error", error: SUPER_USER_CREATE });
  });

  it.each([
    ["member", 404, { ok: false, message: "You may not import users.", kind: "forbidden" }],
    ["auditor", 404, { ok: false, message: "You may not import users.", kind: "forbidden" }],
    ["none", 401, { ok: false, message: "Your session has ended. Sign in again." }],
  ] as const)("as %s: refused before a byte of the body is read, nothing stored", async (door, status, refusal) => {
    await signInAs(door);
    const before = await jobsIn(w.csId);
    const { stream, seen } = countedBody(3 * 1024 * 1024);
    const response = await upload({ body: stream });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(refusal);
    expect(seen.pulled).toBe(0);
    expect(await jobsIn(w.csId)).toBe(before);
  });

  it("as another clientspace's admin: the job is theirs, and this clientspace's admin cannot reach it", async () => {
    await signInAs("otherAdmin");
    const before = await jobsIn(w.csId);
    const result = await (await upload({ body: csvOf(`new.${tag()}@example.test`) })).json();
    expect(result.ok).toBe(true);
    const jobId: string = result.data.job.id;
    expect((await h.db.select().from(importJobs).where(eq(importJobs.id, jobId)))[0].clientspaceId).toBe(other.csId);
    expect(await jobsIn(w.csId)).toBe(before);

    await signInAs("admin");
    const notFound = { ok: false, message: "This import does not exist or you may not see it.", kind: "not_found" };
    expect(await actions.importStatusAction(null, { jobId })).toMatchObject(notFound);
    expect(await actions.listImportRowsAction(null, { jobId })).toMatchObject(notFound);
  });

  it("a saved mapping of another clientspace is not reachable either: 404, nothing stored", async () => {
    const [theirs] = await h.db.insert(importMappings).values({ clientspaceId: other.csId, name: `Theirs ${tag()}`, mapping: { Email: "email" }, createdBy: other.actors.admin.accountId }).returning();
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const response = await upload({ body: csvOf(`new.${tag()}@example.test`), mappingId: theirs.id });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, message: "This mapping does not exist or you may not see it." });
    expect(await jobsIn(w.csId)).toBe(before);
  });
});

it("a GET (the address opened in a browser) answers 405 with the security headers", async () => {
  const response = GET(new NextRequest(`${ORIGIN}/admin/users/import/upload`));
  expect(response.status).toBe(405);
  expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(await response.json()).toEqual({ ok: false, message: "Files are uploaded from the import page." });
});

describe("from another site", () => {
  it.each([
    ["another site's Origin", { origin: "https://evil.test" }],
    ["an opaque Origin", { origin: "null" }],
    ["no Origin and a cross-site fetch", { origin: null, "sec-fetch-site": "cross-site" }],
  ])("%s: refused before the session is even looked at", async (_label, headers) => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const { stream, seen } = countedBody(1024);
    const response = await upload({ body: stream, headers });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ ok: false, message: "This upload did not come from Roster's import page. Open the import page and upload the file there." });
    expect(seen.pulled).toBe(0);
    expect(await jobsIn(w.csId)).toBe(before);
  });
});

describe("size", () => {
  it("a declared size over the limit: 413 at once, with the reader's message, the body left unread", async () => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const { stream, seen } = countedBody(60 * 1024 * 1024);
    const response = await upload({ name: "x.csv", body: stream, headers: { "content-length": String(60 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, message: "x.csv is 60 MB; the limit is 50 MB. Split it into smaller files." });
    expect(seen.pulled).toBe(0);
    expect(await jobsIn(w.csId)).toBe(before);
  });

  it("a stream without a declared size: counted as it arrives and abandoned past the limit", async () => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const { stream, seen } = countedBody();
    const response = await upload({ name: "endless.csv", body: stream });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, message: "endless.csv is over 50 MB; the limit is 50 MB. Split it into smaller files." });
    // The limit and the chunk that crossed it, no more.
    expect(seen.pulled).toBe(51 * 1024 * 1024);
    expect(seen.cancelled).toBe(true);
    expect(await jobsIn(w.csId)).toBe(before);
  });

  it("a body shorter than it announced is not imported as if it were whole", async () => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const { stream } = countedBody(1024);
    const response = await upload({ name: "cut.csv", body: stream, headers: { "content-length": "4096" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, message: "cut.csv did not arrive whole. Upload it again." });
    expect(await jobsIn(w.csId)).toBe(before);
  });
});

describe("bad input: the form's own messages, nothing stored", () => {
  it("no file name: choose a file, said once, on the field", async () => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const response = await upload({ href: "/admin/users/import/upload", body: "Email\r\na@example.test" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, message: "Choose a file to import.", fieldErrors: { file: ["Choose a file to import."] } });
    expect(await jobsIn(w.csId)).toBe(before);
  });

  it.each([
    ["a file of 0 bytes", ""],
    ["a file of a byte order mark and blank lines", "\uFEFF\r\n \r\n"],
  ])("%s: a file was chosen, and the message says it is empty", async (_label, body) => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const response = await upload({ name: "people.csv", body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      message: "people.csv is empty: it holds no header and no rows. Choose the file that lists your users, or download the template and fill it in.",
      kind: "invalid",
    });
    expect(await jobsIn(w.csId)).toBe(before);
  });

  it.each([
    ["a header row and no users", "Email,First name,Last name\r\n\r\n", "people.csv has a header row but no users under it. Add one row per user under the headers, then upload it again."],
    [
      "no column of email addresses or IDs",
      "First name,Last name,Title\r\nNora,Newman,Analyst\r\n",
      "No column of this file holds email addresses or Roster IDs: each row needs one (a new user needs an email). Add an Email column, or export the users from Roster to get their IDs.",
    ],
  ])("%s: refused with its own message, no job stored", async (_label, body, message) => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const response = await upload({ name: "people.csv", body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, message, kind: "invalid" });
    expect(await jobsIn(w.csId)).toBe(before);
  });

  it("a file the reader refuses: its message, as the admin reads it", async () => {
    await signInAs("admin");
    const before = await jobsIn(w.csId);
    const response = await upload({ name: "cell.csv", body: `Email,Title\r\na@example.test,${"x".repeat(45_000)}\r\n` });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      ok: false,
      message: 'Row 2, column B has 45,000 characters; a cell may hold at most 10,000. Shorten it, or check that no quote (") is missing before it.',
      kind: "invalid",
    });
    expect(await jobsIn(w.csId)).toBe(before);
  });

  it("a mapping id that is not one: the stale page message", async () => {
    await signInAs("admin");
    const response = await upload({ href: "/admin/users/import/upload?name=people.csv&mappingId=42", body: csvOf(`new.${tag()}@example.test`) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, message: "This import cannot be read from this page. Reload it and try again." });
  });
});
