import { expect, test, type Page } from "@playwright/test";
import { query } from "./support/db";
import { letters } from "./support/import";
import { signInAs } from "./support/panel";

/**
 * Issue 10, requirement 6, through the UI: the upload goes to its own route, a file the reader
 * refuses is explained on the form and stores nothing, and a good file still reaches the preview
 * (e2e/import.spec.ts follows it through the run).
 */

async function jobsNamed(fileName: string): Promise<number> {
  const [row] = await query<{ n: number }>(`select count(*)::int as n from import_jobs where file_name = $1`, [fileName]);
  return row.n;
}

async function uploadFile(page: Page, name: string, text: string | Buffer) {
  await page.goto("/admin/users/import");
  await page.getByLabel("File", { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: typeof text === "string" ? Buffer.from(text, "utf8") : text });
  await page.getByRole("button", { name: "Upload and preview" }).click();
}

test.describe("uploads with bounds", () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, "admin@acme.test");
  });

  test("a cell longer than a cell may be is refused on the form, naming its row and column; nothing is stored", async ({ page }) => {
    const name = `long-${letters()}.csv`;
    const uploads: number[] = [];
    page.on("response", (r) => r.url().includes("/admin/users/import/upload?") && uploads.push(r.status()));
    await uploadFile(page, name, `Email,Title\r\nada.${letters()}@example.test,${"x".repeat(12_345)}\r\n`);
    const form = page.getByRole("form", { name: "Upload a file" });
    await expect(form.getByRole("alert").filter({ hasText: "Row 2, column B has 12,345 characters" })).toHaveText(
      'Row 2, column B has 12,345 characters; a cell may hold at most 10,000. Shorten it, or check that no quote (") is missing before it.',
    );
    await expect(page).toHaveURL(/\/admin\/users\/import$/);
    expect(uploads).toEqual([400]);
    expect(await jobsNamed(name)).toBe(0);
  });

  test("a file of more than 200 columns is refused the same way", async ({ page }) => {
    const name = `wide-${letters()}.csv`;
    const header = Array.from({ length: 250 }, (_, k) => `Column ${k + 1}`).join(",");
    await uploadFile(page, name, `${header}\r\nada.${letters()}@example.test\r\n`);
    await expect(page.getByRole("form", { name: "Upload a file" }).getByRole("alert").filter({ hasText: "more than 200 columns" })).toContainText(
      "Row 1 has more than 200 columns; an import reads at most 200.",
    );
    expect(await jobsNamed(name)).toBe(0);
  });

  test("a good file posted to the route reaches the preview, its job stored for this admin", async ({ page }) => {
    const name = `good-${letters()}.csv`;
    const email = `nora.${letters()}@example.test`;
    await uploadFile(page, name, `Email,First name,Last name\r\n${email},Nora,Newman${letters()}\r\n`);
    await expect(page).toHaveURL(/\/admin\/users\/import\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("group", { name: "Show rows" }).getByRole("button", { name: "Create: 1" })).toBeVisible();
    const [job] = await query<{ status: string; rows_total: number; email: string }>(
      `select j.status, j.rows_total, a.email from import_jobs j join accounts a on a.id = j.created_by where j.file_name = $1`,
      [name],
    );
    expect(job).toEqual({ status: "previewed", rows_total: 1, email: "admin@acme.test" });
  });

  test("an empty file is refused as empty, not as 'choose a file'; nothing is stored", async ({ page }) => {
    const name = `empty-${letters()}.csv`;
    await uploadFile(page, name, Buffer.alloc(0));
    const form = page.getByRole("form", { name: "Upload a file" });
    await expect(form.getByRole("alert").filter({ hasText: "is empty" })).toHaveText(
      `${name} is empty: it holds no header and no rows. Choose the file that lists your users, or download the template and fill it in.`,
    );
    await expect(form.getByText("Choose a file")).toHaveCount(0);
    expect(await jobsNamed(name)).toBe(0);
  });

  test("Entra ID's bulk-create template: version:v1.0 skipped and said, the sign-in address mapped to Email, both people to create", async ({ page }) => {
    const name = `UserCreateTemplate-${letters()}.csv`;
    const domain = `contoso-${letters()}.test`.toLowerCase();
    const headers = ["Name [displayName] Required", "User name [userPrincipalName] Required", "Initial password [passwordProfile] Required", "Block sign in (Yes/No) [accountEnabled] Required", "First name [givenName]", "Last name [surname]", "Job title [jobTitle]"];
    const text = ["version:v1.0", headers.join(","), `Ada Lovelace,ada@${domain},Pa55word!x,No,Ada,Lovelace,Analyst`, `Alan Turing,alan@${domain},Pa55word!y,No,Alan,Turing,`].join("\r\n");
    await uploadFile(page, name, text);
    await expect(page).toHaveURL(/\/admin\/users\/import\/[0-9a-f-]{36}$/);
    await expect(page.getByText("1 line before the header row was skipped: “version:v1.0”", { exact: false })).toBeVisible();
    const mapping = page.getByRole("form", { name: "Column mapping" });
    await expect(mapping.getByLabel("User name [userPrincipalName] Required")).toHaveValue("email");
    await expect(mapping.getByLabel("User name [userPrincipalName] Required").locator("option:checked")).toHaveText("Email");
    await expect(mapping.getByLabel("First name [givenName]")).toHaveValue("firstName");
    await expect(mapping.getByLabel("Name [displayName] Required")).toHaveValue("");
    await expect(page.getByRole("group", { name: "Show rows" }).getByRole("button", { name: "Create: 2" })).toBeVisible();
    const [job] = await query<{ preamble: string[]; rows_total: number }>(`select preamble, rows_total from import_jobs where file_name = $1`, [name]);
    expect(job).toEqual({ preamble: ["version:v1.0"], rows_total: 2 });
  });
});
