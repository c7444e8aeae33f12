import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Download, type Page } from "@playwright/test";
import * as XLSX from "xlsx";
import { EXPORT_HEADERS } from "../lib/transfer/fields";
import { createAcmeUser, query, type TestUser } from "./support/db";
import { fullName, signInAs } from "./support/panel";

/** A last name no other test uses: the search below finds these users and nobody else. */
const uniqueLastName = (prefix: string) => `${prefix}${randomBytes(3).toString("hex")}`;

async function downloadFrom(page: Page, click: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return download;
}

async function menuDownload(page: Page, item: string) {
  return downloadFrom(page, async () => {
    await page.getByRole("button", { name: "Download", exact: true }).click();
    await page.getByRole("menuitem", { name: item, exact: true }).click();
  });
}

/** The CSV's records (header first): RFC 4180, none of these cells holds a line break. */
async function csvRows(download: Download): Promise<string[][]> {
  const text = await readFile(await download.path(), "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  expect(text.endsWith("\r\n")).toBe(true);
  return text
    .slice(1)
    .split("\r\n")
    .filter(Boolean)
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, EXPORT_HEADERS.length).map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"')));
}

async function xlsxRows(download: Download): Promise<string[][]> {
  const book = XLSX.read(await readFile(await download.path()));
  return XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: "" });
}

const column = (rows: string[][], header: string) => rows.slice(1).map((r) => r[EXPORT_HEADERS.indexOf(header)]);

test.describe("user list export", () => {
  test("an admin downloads the filtered list as CSV and as Excel: exactly the filtered users, audited", async ({ page }) => {
    const lastName = uniqueLastName("Exportfilter");
    const users: TestUser[] = [];
    for (const firstName of ["Ada", "Grace", "Hedy"]) users.push(await createAcmeUser({ lastName, firstName, workspace: { name: "Finance", role: "viewer" } }));
    await query(`update clientspace_memberships set title = '=1+2' where account_id = $1`, [users[0].id]);
    const emails = users.map((u) => u.email).sort();

    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${lastName}`);
    await expect(page.getByRole("link", { name: fullName(users[2]) })).toBeVisible();

    const csv = await menuDownload(page, "Download filtered list (CSV)");
    expect(csv.suggestedFilename()).toMatch(/^acme-users-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvData = await csvRows(csv);
    expect(csvData[0]).toEqual([...EXPORT_HEADERS]);
    expect(column(csvData, "Email").sort()).toEqual(emails);
    expect(column(csvData, "Workspaces")).toEqual(["Finance", "Finance", "Finance"]);
    expect(column(csvData, "Role(s)")).toEqual(["Finance: Viewer", "Finance: Viewer", "Finance: Viewer"]);
    expect(csvData.find((r) => r.includes(users[0].email))).toContain("'=1+2");

    const xlsx = await menuDownload(page, "Download filtered list (Excel)");
    expect(xlsx.suggestedFilename()).toMatch(/^acme-users-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsxData = await xlsxRows(xlsx);
    expect(xlsxData[0]).toEqual([...EXPORT_HEADERS]);
    expect(column(xlsxData, "Email").sort()).toEqual(emails);
    expect(xlsxData.find((r) => r.includes(users[0].email))).toContain("'=1+2");

    const events = await query<{ after: { format: string; scope: string; rowCount: number; filters: { q: string } } }>(
      `select after from audit_events where action = 'users.exported' and after->'filters'->>'q' = $1 order by id`,
      [lastName],
    );
    expect(events.map((e) => e.after)).toEqual([
      { format: "csv", scope: "filtered", filters: { q: lastName }, rowCount: 3 },
      { format: "xlsx", scope: "filtered", filters: { q: lastName }, rowCount: 3 },
    ]);
  });

  test("an auditor exports picked users, then all users matching the search across pages", async ({ page }) => {
    const lastName = uniqueLastName("Exportaudit");
    const picked = await createAcmeUser({ lastName, firstName: "Ada" });
    // One more than a page (25), so that "all matching" reaches past the page shown.
    const others: TestUser[] = [];
    for (let i = 0; i < 25; i++) others.push(await createAcmeUser({ lastName, firstName: `Other${String.fromCharCode(65 + i)}` }));
    await signInAs(page, "auditor@acme.test");
    await page.goto(`/admin/users?q=${lastName}`);

    await page.getByRole("checkbox", { name: `Select ${fullName(picked)}` }).click();
    const bar = page.getByRole("region", { name: "Selection" });
    const exportGroup = bar.getByRole("group", { name: "Export selection" });
    const selected = await downloadFrom(page, () => exportGroup.getByRole("button", { name: "CSV", exact: true }).click());
    expect(column(await csvRows(selected), "ID")).toEqual([picked.id]);

    await page.getByRole("checkbox", { name: "Select all on this page" }).click();
    await expect(bar).toContainText("25 selected");
    await bar.getByRole("button", { name: "Select all 26 matching users" }).click();
    await expect(bar).toContainText("All 26 matching users selected");
    const all = await downloadFrom(page, () => exportGroup.getByRole("link", { name: "Excel", exact: true }).click());
    expect(column(await xlsxRows(all), "ID").sort()).toEqual([picked, ...others].map((u) => u.id).sort());

    const [auditor] = await query<{ id: string }>(`select id from accounts where email = 'auditor@acme.test'`);
    const events = await query<{ after: Record<string, unknown> }>(
      `select after from audit_events where action = 'users.exported' and actor_account_id = $1 order by id desc limit 2`,
      [auditor.id],
    );
    expect(events.map((e) => e.after).reverse()).toEqual([
      { format: "csv", scope: "selection", ids: 1, rowCount: 1 },
      { format: "xlsx", scope: "selection", filters: { q: lastName }, rowCount: 26 },
    ]);
  });

  test("the template is the header row alone, as CSV and as Excel, and is not audited", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users");
    const [{ n: before }] = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'users.exported'`);

    const csv = await menuDownload(page, "Download template (CSV)");
    expect(csv.suggestedFilename()).toBe("acme-users-template.csv");
    expect(await readFile(await csv.path(), "utf8")).toBe(`\uFEFF${EXPORT_HEADERS.join(",")}\r\n`);

    const xlsx = await menuDownload(page, "Download template (Excel)");
    expect(xlsx.suggestedFilename()).toBe("acme-users-template.xlsx");
    expect(await xlsxRows(xlsx)).toEqual([[...EXPORT_HEADERS]]);

    const [{ n: after }] = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'users.exported'`);
    expect(after).toBe(before);
  });
});
