import { expect, test } from "@playwright/test";
import { query } from "./support/db";
import { importJobId, letters, startAndWaitForReport } from "./support/import";
import { signInAs } from "./support/panel";

/**
 * Issue 11, requirement 2, as an admin meets it: a French export of another product (Windows-1252,
 * semicolons, a "Rôle" column of bare role names, the admin question) previews with warnings on
 * the rows whose role names no workspace, creates everyone, and reports what was left out. Strict
 * refuses those rows instead. A preview left is discarded from its own page.
 */

const ADMIN_QUESTION = "Est un administrateur de l'espace client ?";

function frenchExport(family: string, emails: string[]): Buffer {
  const lines = [
    `Nom;Prénom;E-mail;Titre;Service;Rôle;${ADMIN_QUESTION};Licence`,
    `${family};Zoé;${emails[0]};Analyste;Ventes;Viewer;Non;Explorer`,
    `${family};Hélène;${emails[1]};Directrice;Ventes;Sales: Editor;Oui;Admin`,
    `${family};Loïc;${emails[2]};Stagiaire;Ventes;Editor;Non;`,
  ];
  // Windows-1252 and Latin-1 agree on every letter here.
  return Buffer.from(lines.join("\r\n"), "latin1");
}

type Person = { email: string; title: string | null; is_admin: boolean; workspaces: string[] };
const people = (emails: string[]) =>
  query<Person>(
    `select a.email, m.title, m.is_admin,
       coalesce((select array_agg(w.name order by w.name) from workspace_memberships wm join workspaces w on w.id = wm.workspace_id
                 where wm.account_id = a.id and w.clientspace_id = c.id), '{}') as workspaces
     from accounts a join clientspace_memberships m on m.account_id = a.id join clientspaces c on c.id = m.clientspace_id and c.slug = 'acme'
     where a.email = any($1::text[]) order by a.email`,
    [emails],
  );

test.describe("import warnings", () => {
  test("a French export with bare role names: warnings in the preview, Strict refuses those rows, the run creates everyone and reports what was left out", async ({ page }) => {
    const family = `Dupont${letters()}`;
    const emails = ["zoe", "helene", "loic"].map((n) => `${n}.${letters()}@example.test`);

    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users/import");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: "utilisateurs.csv", mimeType: "text/csv", buffer: frenchExport(family, emails) });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    const jobId = await importJobId(page);

    const mapping = page.getByRole("form", { name: "Column mapping" });
    await expect(mapping.getByLabel(ADMIN_QUESTION)).toHaveValue("admin");
    await expect(mapping.getByLabel("Rôle")).toHaveValue("roles");

    const filters = page.getByRole("group", { name: "Show rows" });
    for (const count of ["Create: 3", "Error: 0", "With warnings: 2"]) await expect(filters.getByRole("button", { name: count })).toBeVisible();
    await filters.getByRole("button", { name: "With warnings: 2" }).click();
    const preview = page.getByRole("table", { name: "Preview rows" });
    await expect(preview.getByRole("row")).toHaveCount(3);
    await expect(preview.getByRole("list", { name: "Row 2 warnings" })).toHaveText("Role “Viewer” not applied: it names no workspace (write “Workspace: Viewer”).");
    await expect(preview.getByRole("list", { name: "Row 4 warnings" })).toHaveText("Role “Editor” not applied: it names no workspace (write “Workspace: Editor”).");

    // Strict: the two rows become errors, in the preview and in what the job holds.
    await page.getByLabel("Strict: refuse rows with values that cannot be applied").check();
    await expect(filters.getByRole("button", { name: "Error: 2" })).toBeVisible();
    await expect(filters.getByRole("button", { name: "Create: 1" })).toBeVisible();
    expect((await query<{ strict: boolean }>(`select (options->>'strict')::boolean as strict from import_jobs where id = $1`, [jobId]))[0].strict).toBe(true);
    await page.getByLabel("Strict: refuse rows with values that cannot be applied").uncheck();
    await expect(filters.getByRole("button", { name: "With warnings: 2" })).toBeVisible();

    await startAndWaitForReport(page);
    await expect(page.getByLabel("Rows per outcome")).toContainText("Create3");
    await expect(page.getByRole("heading", { name: "Applied with warnings: 2" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Rows with warnings" })).toContainText("Role “Viewer” not applied");

    expect(await people(emails)).toEqual(
      [
        { email: emails[0], title: "Analyste", is_admin: false, workspaces: [] },
        { email: emails[1], title: "Directrice", is_admin: true, workspaces: ["Sales"] },
        { email: emails[2], title: "Stagiaire", is_admin: false, workspaces: [] },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    );
    const stored = await query<{ row_number: number; warnings: string[] | null }>(`select row_number, warnings from import_job_rows where job_id = $1 order by row_number`, [jobId]);
    expect(stored.map((r) => [r.row_number, r.warnings?.length ?? 0])).toEqual([
      [2, 1],
      [3, 0],
      [4, 1],
    ]);
  });

  test("Discard on a preview removes it with its rows and goes back to the imports", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users/import");
    const csv = ["Email,First name,Last name", `${letters()}@example.test,Nora,Newman`].join("\r\n");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: `left-${letters()}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    const jobId = await importJobId(page);
    await page.getByRole("button", { name: "Discard", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/users\/import$/);
    await expect(page.getByText("1 preview discarded.")).toBeVisible();
    expect(await query(`select id from import_jobs where id = $1`, [jobId])).toEqual([]);
    expect(await query(`select row_number from import_job_rows where job_id = $1`, [jobId])).toEqual([]);
  });
});
