import { expect, test, type Page } from "@playwright/test";
import { leaveEndedSession } from "./support/auth";
import { createAcmeUser, query } from "./support/db";
import { signInAs } from "./support/panel";

/** Adds the account to Globex as an admin, joined. */
async function joinGlobex(accountId: string) {
  await query(
    `insert into clientspace_memberships (clientspace_id, account_id, is_admin, origin, joined_at)
     select id, $1, true, 'invited', now() from clientspaces where slug = 'globex'`,
    [accountId],
  );
}

const switcher = (page: Page) => page.getByRole("banner").getByRole("button", { name: /switch clientspace/ });

test.describe("an account in two clientspaces", () => {
  test("opens the clientspace joined last, switches from the top bar, and opens the chosen one at the next sign-in", async ({ page }) => {
    const user = await createAcmeUser({ isAdmin: true });
    await joinGlobex(user.id);

    await signInAs(page, user.email, user.password);
    await expect(switcher(page)).toHaveAccessibleName("Clientspace: Globex, switch clientspace");
    await switcher(page).click();
    await expect(page.getByRole("menuitemcheckbox", { name: "Globex" })).toBeChecked();
    await page.getByRole("menuitemcheckbox", { name: "Acme" }).click();

    await expect(switcher(page)).toHaveAccessibleName("Clientspace: Acme, switch clientspace");
    await page.goto("/admin/users?q=admin%40acme.test");
    await expect(page.getByRole("table").getByText("admin@acme.test")).toBeVisible();
    await page.goto("/admin/users?q=admin%40globex.test");
    await expect(page.getByText("No users match")).toBeVisible();

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await signInAs(page, user.email, user.password);
    await expect(switcher(page)).toHaveAccessibleName("Clientspace: Acme, switch clientspace");
  });

  test("disabled in the clientspace they work in: signed out, and the next sign-in opens the one left to them", async ({ page }) => {
    const user = await createAcmeUser({ isAdmin: true });
    await joinGlobex(user.id);
    await signInAs(page, user.email, user.password);
    await expect(switcher(page)).toHaveAccessibleName("Clientspace: Globex, switch clientspace");

    await query(`update clientspace_memberships set disabled = true where account_id = $1 and clientspace_id = (select id from clientspaces where slug = 'globex')`, [user.id]);
    await page.reload();
    await leaveEndedSession(page, "disabled", "Your access to Roster has been disabled");

    await signInAs(page, user.email, user.password);
    // Acme alone is left: its name, with no menu to switch.
    await expect(page.getByRole("banner")).toContainText("Acme");
    await expect(switcher(page)).toHaveCount(0);
  });
});
