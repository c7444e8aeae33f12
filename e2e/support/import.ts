import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { query } from "./db";

/** Letters only: names with digits are refused by the name rules. */
export function letters(n = 6): string {
  return [...randomBytes(n)].map((b) => String.fromCharCode(97 + (b % 26))).join("");
}

/** Waits for the import's own page and returns its job id. */
export async function importJobId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/admin\/users\/import\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

/** Starts the previewed import and waits for its report. */
export async function startAndWaitForReport(page: Page) {
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("heading", { name: "Report" })).toBeVisible({ timeout: 30_000 });
}

/**
 * An import of admin@acme.test that a runner is working on (status running, fresh heartbeat), with
 * no rows behind it: the page's progress is driven by the test through the database.
 */
export async function runningImport(rowsTotal: number, rowsDone: number): Promise<string> {
  const [job] = await query<{ id: string }>(
    `insert into import_jobs (clientspace_id, created_by, status, file_name, format, rows_total, rows_done, started_at, heartbeat_at)
     select c.id, a.id, 'running', 'big.csv', 'csv', $1, $2, now(), now()
     from clientspaces c, accounts a where c.slug = 'acme' and a.email = 'admin@acme.test' returning id`,
    [rowsTotal, rowsDone],
  );
  return job.id;
}
