import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/open";
import { createImportJob } from "@/lib/import/job";
import { createTestDatabase } from "@/tests/support/db";
import { exportMapping, makeImportWorld, tableOf, type ImportWorld } from "@/tests/support/import-world";
import { sessionOf } from "@/tests/support/session";

// The session and the process database replaced by a chosen session and a test database.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));

const { GET } = await import("./route");

let h: DatabaseHandle;
let w: ImportWorld;
let other: ImportWorld;
beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  w = await makeImportWorld(h.db);
  other = await makeImportWorld(h.db);
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.session = null;
});

async function jobNamed(fileName: string) {
  const table = tableOf(["email", "firstName", "lastName"], [{ email: "not-an-email", firstName: "Ada", lastName: "Lovelace" }]);
  const { job } = await createImportJob(h.db, w.actors.admin, { fileName, format: "csv", table, mapping: exportMapping(table.headers) });
  return job.id;
}
const download = (jobId: string) => GET(new Request(`http://roster.test/admin/users/import/${jobId}/errors`), { params: Promise.resolve({ jobId }) });

describe("GET the import's error file", () => {
  it("downloads the error file of an upload named outside Latin-1 (an en dash, CJK), under its own name", async () => {
    const jobId = await jobNamed("Équipe – 東京.csv");
    state.session = await sessionOf(h.db, w.actors.admin.accountId, w.csId);
    const res = await download(jobId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="_quipe _ __-errors.csv"; filename*=UTF-8''${encodeURIComponent("Équipe – 東京-errors.csv")}`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The BOM, for Excel; Response.text() would drop it.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split("\r\n").slice(0, 2)).toEqual(["Email,First name,Last name,Error", expect.stringMatching(/^not-an-email,Ada,Lovelace,"Invalid email/)]);
  });

  it("answers another clientspace's admin and a signed-out request as if there were no file", async () => {
    const jobId = await jobNamed("people.csv");
    state.session = await sessionOf(h.db, other.actors.admin.accountId, other.csId);
    expect((await download(jobId)).status).toBe(404);
    state.session = null;
    expect((await download(jobId)).status).toBe(401);
  });
});
