import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createAcmeUser, query } from "./support/db";
import { importJobId, letters, runningImport, startAndWaitForReport } from "./support/import";
import { signInAs } from "./support/panel";

const EMAIL_REASON = "Invalid email “not-an-email”: Enter a valid email address, like name@example.com.";

type Membership = { email: string; origin: string; title: string | null; service: string | null; account_id: string };

async function memberships(emails: string[]): Promise<Membership[]> {
  return query<Membership>(
    `select a.email, m.origin, m.title, m.service, m.account_id from accounts a
     join clientspace_memberships m on m.account_id = a.id join clientspaces c on c.id = m.clientspace_id and c.slug = 'acme'
     where lower(a.email) = any($1::text[]) order by a.email`,
    [emails.map((e) => e.toLowerCase())],
  );
}

async function importSources(accountIds: string[]): Promise<string[]> {
  const rows = await query<{ source: string }>(`select distinct source from audit_events where target_id = any($1::text[])`, [accountIds]);
  return rows.map((r) => r.source);
}

test.describe("user import", () => {
  test("an admin imports a CSV with French headers: automatic mapping, preview, run, report and error file", async ({ page }) => {
    const family = `Importe${letters()}`;
    const existing = await createAcmeUser({ firstName: "Camille", lastName: family });
    await query(`update clientspace_memberships set title = 'Analyst' where account_id = $1`, [existing.id]);
    const ada = `ada.${letters()}@example.test`;
    const grace = `grace.${letters()}@example.test`;
    const csv = [
      "Prénom,Nom,E-mail,Fonction",
      `Ada,${family},${ada},Engineer`,
      `Grace,${family},${grace},Admiral`,
      `Camille,${family},${existing.email},Head of data`,
      `Bad,${family},not-an-email,Nobody`,
    ].join("\r\n");

    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users");
    await page.getByRole("link", { name: "Import users" }).click();
    await expect(page.getByRole("heading", { name: "Import users", level: 1 })).toBeVisible();
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    const jobId = await importJobId(page);

    const mapping = page.getByRole("form", { name: "Column mapping" });
    await expect(mapping.getByLabel("Prénom")).toHaveValue("firstName");
    await expect(mapping.getByLabel("Nom", { exact: true })).toHaveValue("lastName");
    await expect(mapping.getByLabel("E-mail")).toHaveValue("email");
    await expect(mapping.getByLabel("Fonction")).toHaveValue("title");

    const filters = page.getByRole("group", { name: "Show rows" });
    for (const count of ["Create: 2", "Update: 1", "Unchanged: 0", "Error: 1"]) await expect(filters.getByRole("button", { name: count })).toBeVisible();
    const preview = page.getByRole("table", { name: "Preview rows" });
    await expect(preview.getByRole("row").filter({ hasText: existing.email })).toContainText("Title: Analyst → Head of data");
    await filters.getByRole("button", { name: "Error: 1" }).click();
    await expect(filters.getByRole("button", { name: "Error: 1" })).toHaveAttribute("aria-pressed", "true");
    await expect(preview.getByRole("row")).toHaveCount(2);
    await expect(preview.getByRole("row").nth(1)).toContainText(EMAIL_REASON);

    await startAndWaitForReport(page);
    await expect(page.getByText("Completed", { exact: true })).toBeVisible();
    const outcomes = page.getByLabel("Rows per outcome");
    await expect(outcomes).toContainText("Create2");
    await expect(outcomes).toContainText("Update1");
    await expect(outcomes).toContainText("Error1");
    await expect(page.getByRole("table", { name: "Failed rows" })).toContainText(EMAIL_REASON);

    const rows = await memberships([ada, grace, existing.email]);
    expect(rows.map((r) => ({ email: r.email, origin: r.origin, title: r.title }))).toEqual(
      [
        { email: ada, origin: "imported", title: "Engineer" },
        { email: existing.email, origin: "created", title: "Head of data" },
        { email: grace, origin: "imported", title: "Admiral" },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    );
    expect(await importSources(rows.map((r) => r.account_id))).toEqual(["import"]);
    const [job] = await query<{ status: string; created_count: number; updated_count: number; error_count: number }>(
      `select status, created_count, updated_count, error_count from import_jobs where id = $1`,
      [jobId],
    );
    expect(job).toEqual({ status: "completed", created_count: 2, updated_count: 1, error_count: 1 });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download error file" }).click()]);
    expect(download.suggestedFilename()).toBe("people-errors.csv");
    const text = await readFile(await download.path(), "utf8");
    expect(text).toBe(`\uFEFFPrénom,Nom,E-mail,Fonction,Error\r\nBad,${family},not-an-email,Nobody,"${EMAIL_REASON}"\r\n`);

    // The past imports list its report.
    await page.goto("/admin/users/import");
    await expect(page.getByRole("table", { name: "Past imports" }).getByRole("link", { name: "people.csv" }).first()).toHaveAttribute("href", `/admin/users/import/${jobId}`);
  });

  test("rows typed and pasted in the grid go through the preview and run", async ({ page }) => {
    const family = `Grille${letters()}`;
    const existing = await createAcmeUser({ firstName: "Dominique", lastName: family });
    await query(`update clientspace_memberships set title = 'Clerk', service = 'Finance' where account_id = $1`, [existing.id]);
    const nora = `nora.${letters()}@example.test`;
    const omar = `omar.${letters()}@example.test`;

    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users/import");
    const grid = page.getByRole("form", { name: "Type or paste rows" });
    await grid.getByLabel("Email, line 1").fill(nora);
    await grid.getByLabel("First name, line 1").fill("Nora");
    await grid.getByLabel("Last name, line 1").fill(family);
    // Lines copied from a spreadsheet: tab-separated, pasted into one cell, spread over the grid.
    await grid.getByLabel("Email, line 2").evaluate((input, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, `${omar}\t${family}\tOmar`);
    await expect(grid.getByLabel("Last name, line 2")).toHaveValue(family);
    await expect(grid.getByLabel("First name, line 2")).toHaveValue("Omar");
    await expect(grid.getByLabel("Email, line 4")).toHaveCount(0);
    await grid.getByRole("button", { name: "Add a line" }).click();
    await grid.getByLabel("Email, line 4").fill(existing.email);
    await grid.getByLabel("Title, line 4").fill("Head clerk");
    await grid.getByRole("button", { name: "Preview these rows" }).click();
    await importJobId(page);

    await expect(page.getByRole("heading", { name: "Import: Typed rows" })).toBeVisible();
    const filters = page.getByRole("group", { name: "Show rows" });
    for (const count of ["Create: 2", "Update: 1", "Error: 0"]) await expect(filters.getByRole("button", { name: count })).toBeVisible();
    await startAndWaitForReport(page);
    await expect(page.getByText("Completed", { exact: true })).toBeVisible();
    await expect(page.getByText("No row failed.")).toBeVisible();

    const rows = await memberships([nora, omar, existing.email]);
    expect(rows.map((r) => ({ email: r.email, origin: r.origin, title: r.title, service: r.service }))).toEqual(
      [
        { email: nora, origin: "imported", title: null, service: null },
        { email: omar, origin: "imported", title: null, service: null },
        // The grid's Service column was left empty: the service is kept, not cleared.
        { email: existing.email, origin: "created", title: "Head clerk", service: "Finance" },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    );
    expect(await importSources(rows.map((r) => r.account_id))).toEqual(["import"]);
  });

  test("a running import shows its progress, keeps it across a reload, and is cancelled into its report", async ({ page }) => {
    const jobId = await runningImport(1000, 250);
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users/import/${jobId}`);
    const bar = page.getByRole("progressbar", { name: "Rows done" });
    await expect(bar).toHaveAttribute("aria-valuemax", "1000");
    await expect(bar).toHaveAttribute("aria-valuenow", "250");

    // The runner commits another batch: the page asks the server and follows.
    await query(`update import_jobs set rows_done = 500, created_count = 500, heartbeat_at = now() where id = $1`, [jobId]);
    await expect(bar).toHaveAttribute("aria-valuenow", "500");
    await expect(page.getByText("500 of 1,000 rows done (50%).")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("progressbar", { name: "Rows done" })).toHaveAttribute("aria-valuenow", "500");

    await page.getByRole("button", { name: "Cancel import" }).click();
    await expect(page.getByText("Cancelling: the import stops after the current batch.").first()).toBeVisible();
    const [cancelling] = await query<{ status: string }>(`select status from import_jobs where id = $1`, [jobId]);
    expect(cancelling.status).toBe("cancelling");

    // The runner ends its batch and the job: the page turns into the report.
    await query(`update import_jobs set status = 'cancelled', finished_at = now() where id = $1`, [jobId]);
    await expect(page.getByRole("heading", { name: "Report" })).toBeVisible();
    await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
    await expect(page.getByText("The import was cancelled: the rows counted below were applied, the others were not.")).toBeVisible();
    await expect(page.getByLabel("Rows per outcome")).toContainText("Create500");
  });

  test("a column is mapped by hand, the mapping saved under a name and applied to a later file; licenses are ignored", async ({ page }) => {
    const family = `Mappe${letters()}`;
    const existing = await createAcmeUser({ firstName: "Sacha", lastName: family });
    const name = `Job codes ${letters()}`;
    const csv = `Courriel,Prénom,Nom,Job code,License\r\n${existing.email},Sacha,${family},Lead,Pro\r\n`;
    const upload = async (fileName: string) => {
      await page.goto("/admin/users/import");
      await page.getByLabel("File", { exact: true }).setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
      await page.getByRole("button", { name: "Upload and preview" }).click();
      return importJobId(page);
    };

    await signInAs(page, "admin@acme.test");
    await upload("codes.csv");
    const mapping = page.getByRole("form", { name: "Column mapping" });
    const filters = page.getByRole("group", { name: "Show rows" });
    await expect(mapping.getByLabel("Job code")).toHaveValue("");
    await expect(mapping.getByLabel("License", { exact: true })).toHaveValue("license");
    await expect(mapping.getByLabel("License", { exact: true })).toHaveAccessibleDescription("Ignored: licenses are changed in the UI only");
    await expect(page.getByRole("note").filter({ hasText: "License columns are ignored: licenses are changed in the UI only." })).toBeVisible();
    await expect(filters.getByRole("button", { name: "Unchanged: 1" })).toBeVisible();

    await mapping.getByLabel("Job code").selectOption({ label: "Title" });
    await mapping.getByRole("button", { name: "Apply mapping and preview again" }).click();
    await expect(filters.getByRole("button", { name: "Update: 1" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Preview rows" })).toContainText("Title: Lead");

    await page.getByRole("form", { name: "Save mapping as" }).getByLabel("Save mapping as…").fill(name);
    await page.getByRole("button", { name: "Save mapping", exact: true }).click();
    await expect(page.getByText(`Mapping “${name}” saved.`)).toBeVisible();
    const [saved] = await query<{ mapping: Record<string, string | null> }>(`select mapping from import_mappings where name = $1`, [name]);
    expect(saved.mapping["Job code"]).toBe("title");

    await upload("codes-again.csv");
    await expect(mapping.getByLabel("Job code")).toHaveValue("");
    const apply = page.getByRole("form", { name: "Apply saved mapping" });
    await apply.getByLabel("Saved mapping").selectOption({ label: name });
    await apply.getByRole("button", { name: "Apply saved mapping" }).click();
    await expect(mapping.getByLabel("Job code")).toHaveValue("title");
    await expect(filters.getByRole("button", { name: "Update: 1" })).toBeVisible();
  });

  test("the import is refused to those who may not import, and an admin's import is not a super-user's to see", async ({ page }) => {
    const jobId = await runningImport(10, 0);
    await signInAs(page, "auditor@acme.test");
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Import users" })).toHaveCount(0);
    for (const path of ["/admin/users/import", `/admin/users/import/${jobId}`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
    }
    const errors = await page.request.get(`/admin/users/import/${jobId}/errors`);
    expect(errors.status()).toBe(404);

    await page.context().clearCookies();
    await signInAs(page, "super@acme.test");
    await page.goto("/admin/users");
    await page.getByRole("link", { name: "Import users" }).click();
    await expect(page.getByRole("heading", { name: "Import users", level: 1 })).toBeVisible();
    const response = await page.goto(`/admin/users/import/${jobId}`);
    expect(response?.status()).toBe(404);
  });

  test("a file the server cannot read is refused with its reason, and nothing is stored", async ({ page }) => {
    const fileName = `headers-${letters()}.csv`;
    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users/import");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from("Email,First name\r\n", "utf8") });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    const form = page.getByRole("form", { name: "Upload a file" });
    await expect(form.getByRole("alert")).toHaveText(`${fileName} has a header row but no users under it. Add one row per user under the headers, then upload it again.`);
    await expect(page).toHaveURL(/\/admin\/users\/import$/);
    expect(await query(`select id from import_jobs where file_name = $1`, [fileName])).toEqual([]);
  });
});
