import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { DatabaseHandle } from "@/db/open";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import type { UserFieldId } from "@/lib/transfer/fields";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { exportedTable, exportMapping, makeImportWorld, tableOf, type ImportWorld } from "@/tests/support/import-world";
import { NOT_FOUND_BY_ID, RIGHTS_ADMIN_ONLY, SUPER_USER_CREATE } from "./classify";
import { previewImport } from "./preview";
import { LICENSE_WARNING, MAX_ROW_WARNINGS } from "./row-values";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const tag = () => randomBytes(3).toString("hex");
const ALL: UserFieldId[] = ["id", "username", "email", "firstName", "lastName", "title", "service", "phone", "roles", "admin", "auditor", "workspaces", "kind", "sso"];

async function preview(actor: Actor, rows: Partial<Record<UserFieldId, string>>[], fields: UserFieldId[] = ALL) {
  const table = tableOf(fields, rows);
  return previewImport(h.db, actor, table, exportMapping(table.headers));
}
const newRow = (extra: Partial<Record<UserFieldId, string>> = {}) => ({ email: `new.${tag()}@example.test`, firstName: "Nora", lastName: "Newman", ...extra });

describe("previewImport: every error reason (requirement 5)", () => {
  let w: ImportWorld;
  beforeAll(async () => {
    w = await makeImportWorld(h.db);
  });
  const errorOf = async (row: Partial<Record<UserFieldId, string>>) => {
    const result = await preview(w.actors.admin, [row]);
    expect(result.rows[0].outcome).toBe("error");
    return result.rows[0].error;
  };

  it("refuses a new user without email, first name or last name", async () => {
    expect(await errorOf({ firstName: "Nora", lastName: "Newman" })).toMatch(/^Missing email/);
    expect(await errorOf({ email: `a.${tag()}@example.test`, lastName: "Newman" })).toMatch(/^Missing first name/);
    expect(await errorOf({ email: `a.${tag()}@example.test`, firstName: "Nora" })).toMatch(/^Missing last name/);
  });

  it("refuses an invalid email and names with digits (required fields stay errors)", async () => {
    expect(await errorOf(newRow({ email: "not-an-email" }))).toMatch(/^Invalid email “not-an-email”/);
    expect(await errorOf(newRow({ firstName: "R2D2" }))).toBe("A first name cannot contain digits.");
  });

  it("refuses an ID and an email of two different accounts", async () => {
    const other = await makeUser(h.db, w.csId);
    expect(await errorOf({ id: w.target.id, email: other.email })).toBe("The ID and the email point to two different accounts.");
  });

  it("answers an ID of another clientspace, or no ID at all, as not found", async () => {
    const elsewhere = await makeClientspace(h.db);
    const stranger = await makeUser(h.db, elsewhere.clientspace.id);
    expect(await errorOf({ id: stranger.id, email: stranger.email })).toBe(NOT_FOUND_BY_ID);
    expect(await errorOf({ id: "12345" })).toBe(NOT_FOUND_BY_ID);
  });

  it("refuses a username owned by another account", async () => {
    const other = await makeUser(h.db, w.csId);
    expect(await errorOf({ id: w.target.id, username: other.username })).toBe(`The username “${other.username}” belongs to another account.`);
    expect(await errorOf(newRow({ username: other.username }))).toBe(`The username “${other.username}” belongs to another account.`);
  });


  it("names the earlier row of a duplicate (same ID, same email, case-insensitive)", async () => {
    const email = `dup.${tag()}@example.test`;
    const result = await preview(w.actors.admin, [
      newRow({ email }),
      { id: w.target.id, title: "One" },
      newRow({ email: email.toUpperCase() }),
      { id: w.target.id, title: "Two" },
    ]);
    expect(result.rows.map((r) => r.outcome)).toEqual(["create", "update", "error", "error"]);
    expect(result.rows[2].error).toBe("Duplicate of an earlier row (same email as row 2).");
    expect(result.rows[3].error).toBe("Duplicate of an earlier row (same ID as row 3).");
    expect(result.counts).toEqual({ create: 1, update: 1, unchanged: 0, error: 2 });
  });

  it("warns once that license columns are ignored, and ignores status and origin", async () => {
    const table = tableOf(["email", "firstName", "lastName", "license", "licenseEnd", "status", "origin"], [newRow({ license: "Pro", status: "disabled", origin: "api" })]);
    const result = await previewImport(h.db, w.actors.admin, table, exportMapping(table.headers));
    expect(result.warnings).toEqual([LICENSE_WARNING]);
    expect(result.rows[0].outcome).toBe("create");
    expect(result.rows[0].changes.map((c) => c.field)).toEqual(["email", "firstName", "lastName"]);
  });
});

describe("previewImport: matching and changes", () => {
  let w: ImportWorld;
  beforeAll(async () => {
    w = await makeImportWorld(h.db);
  });

  it("matches by ID first (an email of nobody is then an email change), else by email ignoring case", async () => {
    const newEmail = `renamed.${tag()}@example.test`;
    const byId = await preview(w.actors.admin, [{ id: w.target.id, email: newEmail }]);
    expect(byId.rows[0]).toMatchObject({ outcome: "update", accountId: w.target.id, changes: [{ field: "email", before: w.target.email, after: newEmail }] });
    const byEmail = await preview(w.actors.admin, [{ email: w.target.email.toUpperCase(), title: "Lead" }]);
    expect(byEmail.rows[0]).toMatchObject({ outcome: "update", accountId: w.target.id, changes: [{ field: "title", before: "", after: "Lead" }] });
  });

  it("round trip: an exported file with one cell edited updates that row only", async () => {
    const a = await makeUser(h.db, w.csId, { superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } });
    const b = await makeUser(h.db, w.csId, { membership: { title: "Engineer", kind: "external" } });
    const table = await exportedTable(h.db, w.csId, [a.id, b.id, w.target.id]);
    const untouched = await previewImport(h.db, w.actors.admin, table, exportMapping());
    expect(untouched.counts).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });

    table.rows[1][table.headers.indexOf("Title")] = "Principal engineer";
    const edited = await previewImport(h.db, w.actors.admin, table, exportMapping());
    expect(edited.rows.map((r) => r.outcome)).toEqual(["unchanged", "update", "unchanged"]);
    expect(edited.rows[1].changes).toEqual([{ field: "title", before: "Engineer", after: "Principal engineer" }]);
  });

  it("adds listed workspaces (No access when no role is given), changes roles, never removes one", async () => {
    const u = await makeUser(h.db, w.csId, { superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } });
    const result = await preview(w.actors.admin, [{ id: u.id, roles: "Support: Editor", workspaces: "Support; Legal" }], ["id", "roles", "workspaces"]);
    expect(result.rows[0].changes).toEqual([
      { field: "workspace Support", before: "", after: "Editor" },
      { field: "workspace Legal", before: "", after: "No access" },
    ]);
    const role = await preview(w.actors.admin, [{ id: u.id, roles: "Sales: Editor" }], ["id", "roles"]);
    expect(role.rows[0].changes).toEqual([{ field: "workspace Sales", before: "Viewer", after: "Editor" }]);
  });

  it("applies the last-admin and no-self-raise rules of rights.ts", async () => {
    const world = await makeImportWorld(h.db);
    const admin = world.actors.admin;
    const selfRaise = await preview(admin, [{ id: admin.accountId, auditor: "true" }], ["id", "auditor"]);
    expect(selfRaise.rows[0].error).toBe("You cannot raise your own rights.");
    const lastAdmin = await preview(admin, [{ id: admin.accountId, admin: "false" }], ["id", "admin"]);
    expect(lastAdmin.rows[0].error).toBe("This is the last admin of the clientspace: make someone else admin first.");
    // Two admins demoted by one file: the second row would leave none.
    const second = await makeUser(h.db, world.csId, { membership: { isAdmin: true } });
    const both = await preview(admin, [{ id: second.id, admin: "false" }, { id: admin.accountId, admin: "false" }], ["id", "admin"]);
    expect(both.rows.map((r) => r.outcome)).toEqual(["update", "error"]);
  });
});

describe("previewImport: per role", () => {
  let w: ImportWorld;
  beforeAll(async () => {
    w = await makeImportWorld(h.db);
  });

  it("refuses the auditor and a member outright", async () => {
    for (const role of ["auditor", "member"] as const) {
      const refusal = await preview(w.actors[role], [newRow()]).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).kind).toBe("forbidden");
    }
  });

  it("lets the admin create and update anyone of the clientspace", async () => {
    const result = await preview(w.actors.admin, [newRow({ admin: "true" }), { id: w.target.id, title: "Boss" }]);
    expect(result.rows.map((r) => r.outcome)).toEqual(["create", "update"]);
  });

  it("lets a super-user update users of their workspaces only, without creating or granting rights", async () => {
    const su = w.actors.superUser;
    const outsider = await makeUser(h.db, w.csId, { superUserOf: { workspaceId: w.legal.id, roleId: w.viewerRole.id } });
    const result = await preview(su, [
      { id: w.target.id, title: "Sales lead", roles: "Support: Viewer" },
      newRow(),
      { id: outsider.id, title: "Nope" },
      { email: outsider.email, title: "Nope" },
      { id: w.target.id.toUpperCase(), admin: "true" },
      { email: w.target.email, roles: "Legal: Viewer" },
    ]);
    expect(result.rows.map((r) => r.error)).toEqual([
      null,
      SUPER_USER_CREATE,
      NOT_FOUND_BY_ID,
      SUPER_USER_CREATE,
      // Same user as row 2 (an ID in capitals is the same ID).
      "Duplicate of an earlier row (same ID as row 2).",
      "Duplicate of an earlier row (same user as row 2).",
    ]);
    const rights = await preview(su, [{ id: w.target.id, admin: "true" }], ["id", "admin"]);
    expect(rights.rows[0].error).toBe(RIGHTS_ADMIN_ONLY);
    const otherWorkspace = await preview(su, [{ id: w.target.id, roles: "Legal: Viewer" }], ["id", "roles"]);
    expect(otherWorkspace.rows[0].error).toBe("You may not manage the users of Legal.");
  });

  it("answers the other super-user's out-of-scope users as not found", async () => {
    const result = await preview(w.actors.otherSuperUser, [{ id: w.target.id, title: "X" }], ["id", "title"]);
    expect(result.rows[0].error).toBe(NOT_FOUND_BY_ID);
  });
});

describe("previewImport: values an optional column cannot apply (issue 11, requirement 2)", () => {
  let w: ImportWorld;
  beforeAll(async () => {
    w = await makeImportWorld(h.db);
  });

  it("leaves out, with a warning on the row, an unknown workspace or role, a role naming no workspace, and values that say neither true nor false; the rest of the row goes in", async () => {
    const result = await preview(w.actors.admin, [
      newRow({ roles: "Atlantis: Viewer; Sales: Emperor; Viewer; Support: Editor", admin: "maybe", sso: "perhaps", kind: "contractor", title: "Analyst" }),
      { id: w.target.id, title: "Lead", roles: "Viewer" },
      newRow(),
    ]);
    expect(result.rows.map((r) => r.outcome)).toEqual(["create", "update", "create"]);
    expect(result.warned).toBe(2);
    expect(result.rows[0].warnings).toEqual([
      "Internal/External not applied: “contractor” is neither internal nor external.",
      "Admin not applied: “maybe” is neither true nor false.",
      "SSO not applied: “perhaps” is neither true nor false.",
      "Unknown workspace “Atlantis”: not applied.",
      "Unknown role “Emperor” for the workspace “Sales”: not applied.",
      "Role “Viewer” not applied: it names no workspace (write “Workspace: Viewer”).",
    ]);
    // What could be applied is: the title and the one workspace that exists with a role that exists.
    expect(result.rows[0].changes.map((c) => [c.field, c.after])).toEqual(
      expect.arrayContaining([
        ["title", "Analyst"],
        ["workspace Support", "Editor"],
      ]),
    );
    expect(result.rows[0].changes.map((c) => c.field)).not.toContain("admin");
    expect(result.rows[1].warnings).toEqual(["Role “Viewer” not applied: it names no workspace (write “Workspace: Viewer”)."]);
    expect(result.rows[1].changes.map((c) => c.field)).toEqual(["title"]);
    expect(result.rows[2].warnings).toEqual([]);
  });

  it("strict: the same rows are refused, with the values named", async () => {
    const table = tableOf(ALL, [newRow({ roles: "Atlantis: Viewer" }), { id: w.target.id, admin: "maybe" }, newRow()]);
    const result = await previewImport(h.db, w.actors.admin, table, exportMapping(table.headers), { strict: true });
    expect(result.rows.map((r) => r.outcome)).toEqual(["error", "error", "create"]);
    expect(result.rows[0].error).toBe("Strict import: Unknown workspace “Atlantis”: not applied.");
    expect(result.rows[1].error).toBe("Strict import: Admin not applied: “maybe” is neither true nor false.");
    expect(result.warned).toBe(0);
  });

  it("reads yes/no, oui/non, 1/0 and French internal/external as the export's true/false and internal/external", async () => {
    const result = await preview(w.actors.admin, [
      newRow({ admin: "Oui", auditor: "no", kind: "Externe" }),
      newRow({ admin: "1", auditor: "Yes", kind: "interne" }),
    ]);
    expect(result.rows.map((r) => [r.outcome, r.warnings])).toEqual([
      ["create", []],
      ["create", []],
    ]);
    const after = (row: number, field: string) => result.rows[row].changes.find((c) => c.field === field)?.after;
    expect([after(0, "admin"), after(0, "auditor"), after(0, "kind")]).toEqual(["true", undefined, "external"]);
    expect([after(1, "admin"), after(1, "auditor"), after(1, "kind")]).toEqual(["true", "true", "internal"]);
  });

  it("a title longer than allowed is left out with a warning, the rest of the update goes in", async () => {
    const result = await preview(w.actors.admin, [{ id: w.target.id, title: "x".repeat(500), service: "Finance" }]);
    expect(result.rows[0].outcome).toBe("update");
    expect(result.rows[0].changes.map((c) => c.field)).toEqual(["service"]);
    expect(result.rows[0].warnings).toHaveLength(1);
    expect(result.rows[0].warnings[0]).toMatch(/^Title not applied: /);
  });
});

describe("previewImport: warnings per row are bounded", () => {
  it("a cell naming hundreds of unknown workspaces keeps nine warnings and sums up the rest", async () => {
    const w = await makeImportWorld(h.db);
    const roles = Array.from({ length: 300 }, (_, i) => `Nowhere ${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}: Editor`).join("; ");
    const broken = Array.from({ length: 50 }, () => ": Editor").join("; ");
    const result = await preview(w.actors.admin, [newRow({ roles: `${broken}; ${roles}`, admin: "maybe" })]);
    expect(result.rows[0].outcome).toBe("create");
    expect(result.rows[0].warnings).toHaveLength(MAX_ROW_WARNINGS);
    // 50 roles naming no workspace, the admin value, 300 unknown workspaces: 351, of which 9 are shown.
    expect(result.rows[0].warnings[MAX_ROW_WARNINGS - 1]).toBe("And 342 more values not applied.");
  });
});
