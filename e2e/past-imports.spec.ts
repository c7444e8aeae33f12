import { expect, test, type Page } from "@playwright/test";
import { query } from "./support/db";
import { importJobId, letters } from "./support/import";
import { signInAs } from "./support/panel";

/** Uploads a small CSV from the import page and waits for its preview; returns the job id. */
async function uploadAndLeave(page: Page, fileName: string): Promise<string> {
  await page.goto("/admin/users/import");
  const csv = ["Email,First name,Last name", `${letters()}@example.test,Nora,Newman`, `${letters()}@example.test,Ada,Lovelace`].join("\r\n");
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  const jobId = await importJobId(page);
  await expect(page.getByRole("button", { name: "Start import" })).toBeVisible();
  return jobId;
}

type JobRow = { id: string; status: string; rows: number };
const jobsAndRows = (ids: string[]) =>
  query<JobRow>(
    `select j.id, j.status, (select count(*)::int from import_job_rows r where r.job_id = j.id) as rows from import_jobs j where j.id = any($1::uuid[]) order by j.id`,
    [ids],
  );
const rowsLeft = async (ids: string[]) =>
  (await query<{ n: number }>(`select count(*)::int as n from import_job_rows where job_id = any($1::uuid[])`, [ids]))[0].n;

test.describe("past imports", () => {
  test("an admin leaves two previews, then discards both from Past imports: gone with their rows, audited; a finished import has no checkbox", async ({ page }) => {
    const first = `left-${letters()}.csv`;
    const second = `left-${letters()}.csv`;
    const finished = `done-${letters()}.csv`;
    await query(
      `insert into import_jobs (clientspace_id, created_by, status, file_name, format, rows_total, started_at, finished_at)
       select c.id, a.id, 'completed', $1, 'csv', 0, now(), now() from clientspaces c, accounts a where c.slug = 'acme' and a.email = 'admin@acme.test'`,
      [finished],
    );

    await signInAs(page, "admin@acme.test");
    const ids = [await uploadAndLeave(page, first), await uploadAndLeave(page, second)];
    expect((await jobsAndRows(ids)).map((j) => [j.status, j.rows])).toEqual([
      ["previewed", 2],
      ["previewed", 2],
    ]);

    await page.goto("/admin/users/import");
    const list = page.getByRole("table", { name: "Past imports" });
    await expect(list.getByRole("row").filter({ hasText: first })).toContainText("Not started");
    await expect(list.getByRole("row").filter({ hasText: finished }).getByRole("checkbox")).toHaveCount(0);
    const discard = page.getByRole("button", { name: "Discard selected" });
    await expect(discard).toBeDisabled();

    await list.getByRole("checkbox", { name: new RegExp(`^Select ${first}`) }).check();
    await list.getByRole("checkbox", { name: new RegExp(`^Select ${second}`) }).check();
    await expect(page.getByText("2 previews selected.")).toBeVisible();
    await discard.click();

    const dialog = page.getByRole("alertdialog", { name: "Discard 2 previews?" });
    await expect(dialog).toContainText("Nothing was imported from them, so no user changes.");
    await dialog.getByRole("button", { name: "Discard 2 previews" }).click();

    await expect(page.locator("[data-sonner-toaster]").getByText("2 previews discarded.")).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(list.getByRole("row").filter({ hasText: first })).toHaveCount(0);
    await expect(list.getByRole("row").filter({ hasText: second })).toHaveCount(0);
    await expect(list.getByRole("row").filter({ hasText: finished })).toContainText("Completed");

    expect(await jobsAndRows(ids)).toEqual([]);
    expect(await rowsLeft(ids)).toBe(0);
    const events = await query<{ target_label: string; source: string }>(
      `select target_label, source from audit_events where action = 'users.import_discarded' and target_id = any($1::text[]) order by target_label`,
      [ids],
    );
    expect(events).toEqual([first, second].sort().map((label) => ({ target_label: label, source: "ui" })));
  });
});
