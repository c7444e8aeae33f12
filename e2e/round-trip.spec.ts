import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { EXPORT_HEADERS } from "../lib/transfer/fields";
import { createAcmeUser, query, type TestUser } from "./support/db";
import { importJobId, letters, startAndWaitForReport } from "./support/import";
import { fullName, signInAs } from "./support/panel";

/** The users' stored rows as PostgreSQL renders them, every column: what "only that user changed" is checked on. */
async function storedRows(ids: string[]): Promise<Record<string, string>> {
  const rows = await query<{ key: string; row: string }>(
    `select 'account ' || a.id as key, row_to_json(a)::text as row from accounts a where a.id = any($1::uuid[])
     union all select 'membership ' || m.account_id, row_to_json(m)::text from clientspace_memberships m where m.account_id = any($1::uuid[])
     union all select 'grant ' || g.account_id || ' ' || g.workspace_id, row_to_json(g)::text from workspace_memberships g where g.account_id = any($1::uuid[])`,
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.row]));
}

test.describe("export, edit, import back", () => {
  test("an admin downloads the filtered list as CSV, edits one title and imports it: only that user changes", async ({ page }) => {
    const lastName = `Allerretour${letters()}`;
    const users: TestUser[] = [];
    for (const firstName of ["Ada", "Béatrice", "Chloé"]) users.push(await createAcmeUser({ firstName, lastName, workspace: { name: "Finance", role: "viewer" } }));
    const [ada, beatrice] = users;
    // Cells the export neutralises ("=", "+"): they come back unchanged.
    await query(`update clientspace_memberships set title = '=1+2', phone = '+33 1 23 45 67 89' where account_id = $1`, [ada.id]);
    await query(`update clientspace_memberships set title = 'Analyst', service = 'Finance' where account_id = $1`, [beatrice.id]);
    const ids = users.map((u) => u.id);

    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users");
    await page.getByLabel("Search users").fill(lastName);
    await expect(page).toHaveURL(new RegExp(`q=${lastName}`));
    for (const u of users) await expect(page.getByRole("link", { name: fullName(u) })).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      (async () => {
        await page.getByRole("button", { name: "Download", exact: true }).click();
        await page.getByRole("menuitem", { name: "Download filtered list (CSV)", exact: true }).click();
      })(),
    ]);
    const text = await readFile(await download.path(), "utf8");
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(`\uFEFF${EXPORT_HEADERS.join(",")}`);
    expect(lines.filter((l) => l !== "").length).toBe(4);
    expect(text).toContain("'=1+2");

    // The edit a person makes in a text editor: one cell of Béatrice's line.
    const at = lines.findIndex((l) => l.startsWith(`${beatrice.id},`));
    expect(lines[at]).not.toContain('"');
    const cells = lines[at].split(",");
    expect(cells[EXPORT_HEADERS.indexOf("Title")]).toBe("Analyst");
    cells[EXPORT_HEADERS.indexOf("Title")] = "Lead analyst";
    lines[at] = cells.join(",");
    const before = await storedRows(ids);

    await page.goto("/admin/users/import");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: download.suggestedFilename(), mimeType: "text/csv", buffer: Buffer.from(lines.join("\r\n"), "utf8") });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    const jobId = await importJobId(page);

    const filters = page.getByRole("group", { name: "Show rows" });
    for (const count of ["Create: 0", "Update: 1", "Unchanged: 2", "Error: 0"]) await expect(filters.getByRole("button", { name: count })).toBeVisible();
    const preview = page.getByRole("table", { name: "Preview rows" });
    await expect(preview.getByRole("row").filter({ hasText: beatrice.email })).toContainText("Title: Analyst → Lead analyst");
    await expect(page.getByRole("note").filter({ hasText: "License columns are ignored: licenses are changed in the UI only." })).toBeVisible();

    await startAndWaitForReport(page);
    await expect(page.getByText("Completed", { exact: true })).toBeVisible();
    const outcomes = page.getByLabel("Rows per outcome");
    await expect(outcomes).toContainText("Update1");
    await expect(outcomes).toContainText("Unchanged2");
    await expect(page.getByText("No row failed.")).toBeVisible();

    const after = await storedRows(ids);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const changed = Object.keys(before).filter((k) => after[k] !== before[k]);
    expect(changed).toEqual([`membership ${beatrice.id}`]);
    const [row] = await query<{ title: string; service: string }>(`select title, service from clientspace_memberships where account_id = $1`, [beatrice.id]);
    expect(row).toEqual({ title: "Lead analyst", service: "Finance" });
    const events = await query<{ target_id: string; action: string }>(
      `select target_id, action from audit_events where source = 'import' and target_type = 'user' and target_id = any($1::text[])`,
      [ids],
    );
    expect(events).toEqual([{ target_id: beatrice.id, action: "user.profile_updated" }]);
    const [job] = await query<{ status: string; updated_count: number; unchanged_count: number }>(
      `select status, updated_count, unchanged_count from import_jobs where id = $1`,
      [jobId],
    );
    expect(job).toEqual({ status: "completed", updated_count: 1, unchanged_count: 2 });
  });
});
