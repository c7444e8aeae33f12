import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, clientspaceMemberships } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { createImportJob, getImportJob, startImportJob } from "@/lib/import/job";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { makeImportWorld, type ImportWorld } from "@/tests/support/import-world";
import { GRID_FIELDS, gridSchema, gridTable, pasteIntoGrid } from "./grid";

const tag = () => randomBytes(3).toString("hex");

describe("gridTable", () => {
  it("drops blank lines and leaves out the columns empty on every line", () => {
    const { table, mapping } = gridTable([{ email: " a@example.test ", title: "Chef" }, {}, { email: "b@example.test", firstName: "Bo", title: "" }, { service: "  " }]);
    expect(table).toEqual({ headers: ["Email", "First name", "Title"], rows: [["a@example.test", "", "Chef"], ["b@example.test", "Bo", ""]] });
    expect(mapping).toEqual({ Email: "email", "First name": "firstName", Title: "title" });
  });

  it("refuses a grid whose every line is empty, with a message for the admin", () => {
    expect(() => gridTable([{}, { email: "  " }])).toThrow(DomainError);
    expect(() => gridTable([{}])).toThrow("Type at least one row: every line of the grid is empty.");
  });

  it("the schema refuses no lines, and fields that are not importable", () => {
    expect(gridSchema.safeParse({ rows: [] }).success).toBe(false);
    expect(gridSchema.safeParse({ rows: [{ license: "Pro" }] }).success).toBe(false);
    expect(gridSchema.safeParse({ rows: [{ email: "a@example.test" }] }).success).toBe(true);
  });
});

describe("pasteIntoGrid", () => {
  const at = (field: string) => GRID_FIELDS.findIndex((f) => f.id === field);

  it("spreads tab-separated lines from the cell pasted into, adding lines as needed", () => {
    const rows = pasteIntoGrid([{ email: "keep@example.test" }, {}], "Doe\tJane\r\nRoe\tRichard\r\n", { row: 1, column: at("lastName") });
    expect(rows).toEqual([{ email: "keep@example.test" }, { lastName: "Doe", firstName: "Jane" }, { lastName: "Roe", firstName: "Richard" }]);
  });

  it("drops cells pasted beyond the last column", () => {
    const last = GRID_FIELDS[GRID_FIELDS.length - 1];
    expect(pasteIntoGrid([{}], "true\textra", { row: 0, column: GRID_FIELDS.length - 1 })).toEqual([{ [last.id]: "true" }]);
  });
});

describe("grid rows imported (issue 5, requirement 6)", () => {
  let h: DatabaseHandle;
  let w: ImportWorld;
  beforeAll(async () => {
    h = await createTestDatabase();
    w = await makeImportWorld(h.db);
  });
  afterAll(async () => h?.close());

  it("previews and runs like a file, and an empty grid column leaves that attribute as it was", async () => {
    const existing = await makeUser(h.db, w.csId, { account: { firstName: "Paula", lastName: "Person" }, membership: { title: "Clerk", service: "Finance" } });
    const email = `grid.${tag()}@example.test`;
    const { table, mapping } = gridTable([{ email: existing.email, title: "Head clerk" }, { email, firstName: "Nora", lastName: "Newman" }, {}]);
    const { job, preview } = await createImportJob(h.db, w.actors.admin, { fileName: "Typed rows", format: "grid", table, mapping });
    expect(preview.counts).toEqual({ create: 1, update: 1, unchanged: 0, error: 0 });
    expect(preview.rows[0].changes).toEqual([{ field: "title", before: "Clerk", after: "Head clerk" }]);

    await (await startImportJob(h.db, w.actors.admin, job.id)).finished;
    expect((await getImportJob(h.db, w.actors.admin, job.id)).status).toBe("completed");
    const [kept] = await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, w.csId), eq(clientspaceMemberships.accountId, existing.id)));
    expect({ title: kept.title, service: kept.service }).toEqual({ title: "Head clerk", service: "Finance" });
    const [created] = await h.db.select().from(accounts).where(eq(accounts.email, email));
    const [membership] = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, created.id));
    expect(membership).toMatchObject({ clientspaceId: w.csId, origin: "imported" });
  });

  it.each(["auditor", "member"] as const)("refuses the %s: nothing is stored", async (role) => {
    const { table, mapping } = gridTable([{ email: `grid.${tag()}@example.test`, firstName: "Nora", lastName: "Newman" }]);
    await expect(createImportJob(h.db, w.actors[role], { fileName: "Typed rows", format: "grid", table, mapping })).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("a super-user's grid row that would create a user is an error, an update of their workspace's user is not", async () => {
    const { table, mapping } = gridTable([{ email: w.target.email, title: "Lead" }, { email: `grid.${tag()}@example.test`, firstName: "Nora", lastName: "Newman" }]);
    const { preview } = await createImportJob(h.db, w.actors.superUser, { fileName: "Typed rows", format: "grid", table, mapping });
    expect(preview.rows.map((r) => r.outcome)).toEqual(["update", "error"]);
  });

  it("a user of another clientspace is not updated: the row is read as a new person's (names needed), their own membership untouched", async () => {
    const other = await makeClientspace(h.db);
    const stranger = await makeUser(h.db, other.clientspace.id, { membership: { title: "Theirs" } });
    const unknown = `grid.${tag()}@example.test`;
    const { table, mapping } = gridTable([
      { email: stranger.email, title: "Mine" },
      { email: unknown, title: "Mine" },
    ]);
    const { preview } = await createImportJob(h.db, w.actors.admin, { fileName: "Typed rows", format: "grid", table, mapping });
    // SPEC section 2: the same answer for an address with an account elsewhere and one without.
    expect(preview.rows[0]).toMatchObject({ outcome: "error", error: preview.rows[1].error });
    const named = gridTable([{ email: stranger.email.toUpperCase(), firstName: "Nora", lastName: "Newman" }]);
    const second = await createImportJob(h.db, w.actors.admin, { fileName: "Typed rows", format: "grid", table: named.table, mapping: named.mapping });
    expect(second.preview.rows[0]).toMatchObject({ outcome: "create", accountId: stranger.id });
    const [theirs] = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, stranger.id));
    expect(theirs.title).toBe("Theirs");
  });
});
