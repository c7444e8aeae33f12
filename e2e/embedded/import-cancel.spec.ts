import { expect, test } from "@playwright/test";
import { query } from "../support/db";
import { importJobId, letters } from "../support/import";
import { signInAs } from "../support/panel";

// Enough rows for a run of many batches on the embedded database, few enough to upload quickly.
const ROWS = 2000;

type Job = { status: string; rows_done: number; rows_total: number; created_count: number; updated_count: number; unchanged_count: number; error_count: number };

test("an update import on the embedded database shows its progress at once, is cancelled, and counts exactly what it applied", async ({ page }) => {
  const tag = letters(8);
  await query(
    `with made as (
       insert into accounts (email, username, first_name, last_name)
       select 'cancel.' || $1 || '.' || i || '@example.test', 'cancel.' || $1 || '.' || i, 'Ann', 'Lee' from generate_series(1, $2::int) as i
       returning id)
     insert into clientspace_memberships (clientspace_id, account_id, title, joined_at)
     select c.id, made.id, 'Analyst', now() from made, clientspaces c where c.slug = 'acme'`,
    [tag, ROWS],
  );
  const csv = ["Email,Title", ...Array.from({ length: ROWS }, (_, i) => `cancel.${tag}.${i + 1}@example.test,Relocated`)].join("\r\n");

  await signInAs(page, "admin@acme.test");
  await page.goto("/admin/users/import");
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: "moves.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  const jobId = await importJobId(page);
  await expect(page.getByRole("group", { name: "Show rows" }).getByRole("button", { name: "Update: 2,000" })).toBeVisible({ timeout: 60_000 });

  await page.getByRole("button", { name: "Start import" }).click();
  const bar = page.getByRole("progressbar", { name: "Rows done" });
  await expect(bar).toBeVisible();
  // Rows done shown while the run goes on: the status polls are answered during the run.
  await expect(bar).not.toHaveAttribute("aria-valuenow", "0");
  await page.getByRole("button", { name: "Cancel import" }).click();

  await expect(page.getByRole("heading", { name: "Report" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(page.getByText("The import was cancelled: the rows counted below were applied, the others were not.")).toBeVisible();

  const [job] = await query<Job>(`select status, rows_done, rows_total, created_count, updated_count, unchanged_count, error_count from import_jobs where id = $1`, [jobId]);
  expect(job.status).toBe("cancelled");
  expect(job.rows_done).toBeGreaterThan(0);
  expect(job.rows_done).toBeLessThan(ROWS);
  const [rows] = await query<{ done: number; updates: number; first_undone: number | null; last_done: number | null }>(
    `select count(*) filter (where outcome is not null)::int as done, count(*) filter (where outcome = 'update')::int as updates,
       min(row_number) filter (where outcome is null) as first_undone, max(row_number) filter (where outcome is not null) as last_done
     from import_job_rows where job_id = $1`,
    [jobId],
  );
  expect(rows.done).toBe(job.rows_done);
  expect(job).toMatchObject({ rows_total: ROWS, created_count: 0, updated_count: rows.updates, unchanged_count: 0, error_count: 0 });
  expect(rows.updates).toBe(job.rows_done);
  // The rows applied are the file's first ones.
  expect(rows.first_undone).toBe(rows.last_done! + 1);

  // Exactly the users of the rows with an outcome changed.
  const [users] = await query<{ changed: number; changed_by_rows: number }>(
    `select
       (select count(*)::int from clientspace_memberships m join accounts a on a.id = m.account_id
         where a.email like 'cancel.' || $2 || '.%' and m.title = 'Relocated') as changed,
       (select count(*)::int from import_job_rows r join clientspace_memberships m on m.account_id = r.account_id
         join clientspaces c on c.id = m.clientspace_id and c.slug = 'acme'
         where r.job_id = $1 and r.outcome = 'update' and m.title = 'Relocated') as changed_by_rows`,
    [jobId, tag],
  );
  expect(users).toEqual({ changed: job.updated_count, changed_by_rows: job.updated_count });
});
