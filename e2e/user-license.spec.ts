import { expect, test } from "@playwright/test";
import { alertWith } from "./support/auth";
import { fullName, openPanel, signInAs } from "./support/panel";
import { createAcmeUser, query, type TestUser } from "./support/db";


type LicenseRow = { license_name: string | null; license_start: string | null; license_end: string | null };

async function licenseOf(user: TestUser) {
  const [row] = await query<LicenseRow>(
    `select t.name as license_name, m.license_start::text as license_start, m.license_end::text as license_end
     from clientspace_memberships m left join license_types t on t.id = m.license_type_id
     where m.account_id = $1`,
    [user.id],
  );
  return row;
}

test.describe("license and clientspace rights", () => {
  test("an admin assigns a license, then removes it", async ({ page }) => {
    const user = await createAcmeUser();
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const panel = await openPanel(page, user);
    await panel.getByRole("tab", { name: "License" }).click();
    await expect(panel.getByRole("button", { name: "Remove license", exact: true })).toHaveCount(0);

    await panel.getByRole("button", { name: "Change license", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Change the license of ${name}` });
    await dialog.getByLabel("License type").selectOption({ label: "Explorer" });

    // The end before the start: refused in the dialog, nothing saved.
    await dialog.getByLabel("Start date").fill("2026-03-01");
    await dialog.getByLabel("End date").fill("2026-02-01");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(alertWith(page, "The license cannot end before it starts.").first()).toBeVisible();
    expect((await licenseOf(user)).license_name).toBeNull();

    await dialog.getByLabel("End date").fill("2030-12-31");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(`${name}’s license is set, from 2026-03-01 to 2030-12-31.`)).toBeVisible();
    await expect(dialog).toBeHidden();
    expect(await licenseOf(user)).toEqual({ license_name: "Explorer", license_start: "2026-03-01", license_end: "2030-12-31" });
    await expect(panel.getByText("Explorer", { exact: true })).toBeVisible();

    await panel.getByRole("button", { name: "Remove license", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: `Remove the license of ${name}?` });
    await expect(confirm).toContainText("Their Explorer license ends now and its seat is freed.");
    await confirm.getByRole("button", { name: "Remove license" }).click();
    await expect(page.getByText(`${name} no longer has a license. Their seat is free.`)).toBeVisible();
    await expect(confirm).toBeHidden();
    expect(await licenseOf(user)).toEqual({ license_name: null, license_start: null, license_end: null });
    await expect(panel.getByRole("button", { name: "Remove license", exact: true })).toHaveCount(0);

    const events = await query<{ action: string }>(`select action from audit_events where target_id = $1`, [user.id]);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["user.license_changed", "user.license_removed"]));
  });

  test("an admin grants auditor rights from the Access tab", async ({ page }) => {
    const user = await createAcmeUser();
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const panel = await openPanel(page, user);
    await panel.getByRole("tab", { name: "Access" }).click();
    await panel.getByRole("button", { name: "Change clientspace rights", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Change the clientspace rights of ${name}` });
    await expect(dialog.getByLabel("Admin access")).not.toBeChecked();
    await dialog.getByLabel("Auditor").check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(`${name}’s clientspace rights are saved: auditor.`)).toBeVisible();
    await expect(dialog).toBeHidden();

    const [row] = await query<{ is_admin: boolean; is_auditor: boolean }>(
      `select is_admin, is_auditor from clientspace_memberships where account_id = $1`,
      [user.id],
    );
    expect(row).toEqual({ is_admin: false, is_auditor: true });
  });

  test("an auditor sees none of these actions", async ({ page }) => {
    const user = await createAcmeUser();
    await query(
      `update clientspace_memberships set license_type_id = t.id, license_start = '2026-01-01', license_end = '2030-12-31'
       from license_types t where t.clientspace_id = clientspace_memberships.clientspace_id and t.name = 'Explorer'
       and clientspace_memberships.account_id = $1`,
      [user.id],
    );
    await signInAs(page, "auditor@acme.test");
    const panel = await openPanel(page, user);
    await panel.getByRole("tab", { name: "License" }).click();
    await expect(panel.getByText("Explorer", { exact: true })).toBeVisible();
    for (const action of ["Change license", "Remove license"]) {
      await expect(panel.getByRole("button", { name: action, exact: true })).toHaveCount(0);
    }
    await panel.getByRole("tab", { name: "Access" }).click();
    await expect(panel.getByText("Clientspace rights", { exact: true })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Change clientspace rights", exact: true })).toHaveCount(0);
  });
});
