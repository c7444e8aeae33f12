import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { DEMO_PASSWORD } from "../db/seed/demo-accounts";
import { expectSignedIn, signIn } from "./support/auth";
import { createAcmeUser, query } from "./support/db";

const tag = () => `Zq${randomBytes(3).toString("hex")}`;

async function signInAs(page: Page, email: string) {
  await signIn(page, email, DEMO_PASSWORD);
  await expectSignedIn(page);
}

const usersTable = (page: Page) => page.getByRole("table", { name: "Users" });
const bodyRows = (page: Page) => usersTable(page).locator("tbody tr");

async function search(page: Page, term: string) {
  await page.getByLabel("Search users").fill(term);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(term)}`));
}

test.describe("users directory", () => {
  test("search finds users by a substring of their name, ignoring case and accents", async ({ page }) => {
    const t = tag();
    await createAcmeUser({ firstName: "Éloïse", lastName: `Brontë${t}` });
    await createAcmeUser({ firstName: "Marc", lastName: `Other${t}` });
    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users");
    await search(page, `bronte${t}`.toLowerCase());
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(bodyRows(page).first()).toContainText(`Brontë${t}`);
    await search(page, t.toUpperCase());
    await expect(bodyRows(page)).toHaveCount(2);
  });

  test("combined filters narrow the list, show as chips, and clear", async ({ page }) => {
    const t = tag();
    await createAcmeUser({ lastName: `Locked${t}`, kind: "external", locked: true });
    await createAcmeUser({ lastName: `Open${t}`, kind: "external" });
    await createAcmeUser({ lastName: `Inside${t}`, locked: true });
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${t}`);
    await expect(bodyRows(page)).toHaveCount(3);

    await page.getByRole("button", { name: /Filters/ }).click();
    const filters = page.getByRole("dialog", { name: "Filters" });
    await filters.getByRole("group", { name: "Status" }).getByLabel("Locked").check();
    await filters.getByLabel("Internal/External").selectOption({ label: "External" });
    await page.keyboard.press("Escape");

    await expect(bodyRows(page)).toHaveCount(1);
    await expect(bodyRows(page).first()).toContainText(`Locked${t}`);
    await expect(page).toHaveURL(/status=locked/);
    await expect(page).toHaveURL(/kind=external/);
    const chips = page.getByRole("list", { name: "Active filters" });
    await chips.getByRole("button", { name: /Remove filter: .*Locked/ }).click();
    await expect(bodyRows(page)).toHaveCount(2);
    await page.getByRole("button", { name: "Clear all" }).click();
    await expect(page).not.toHaveURL(/kind=|status=|q=/);
  });

  test("sorting by a column orders the rows and marks the header", async ({ page }) => {
    const t = tag();
    await createAcmeUser({ lastName: `Aaa${t}` });
    await createAcmeUser({ lastName: `Mmm${t}` });
    await createAcmeUser({ lastName: `Zzz${t}` });
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${t}`);
    await expect(bodyRows(page).first()).toContainText(`Aaa${t}`);
    const nameHeader = usersTable(page).getByRole("columnheader", { name: /Name/ });
    await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
    await nameHeader.getByRole("button").click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect(bodyRows(page).first()).toContainText(`Zzz${t}`);
    await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  });

  test("pages forward and back with the buttons and the browser", async ({ page }) => {
    const t = tag();
    for (let i = 0; i < 27; i++) await createAcmeUser({ lastName: `Page${t}${String(i).padStart(2, "0")}` });
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${t}&size=25`);
    await expect(bodyRows(page)).toHaveCount(25);
    await expect(page.getByText("27 users")).toBeVisible();
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(bodyRows(page)).toHaveCount(2);
    await expect(bodyRows(page).last()).toContainText(`Page${t}26`);
    await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect(bodyRows(page)).toHaveCount(25);
    await expect(bodyRows(page).first()).toContainText(`Page${t}00`);
    await page.goBack();
    await expect(bodyRows(page)).toHaveCount(2);
    await page.goForward();
    await expect(bodyRows(page)).toHaveCount(25);
  });

  test("column choice shows the column and is remembered for the user", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users");
    await expect(usersTable(page).getByRole("columnheader", { name: "Username" })).toHaveCount(0);
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("dialog", { name: "Columns" }).getByLabel("Username").check();
    await expect(usersTable(page).getByRole("columnheader", { name: "Username" })).toBeVisible();
    await expect
      .poll(async () => (await query<{ value: string[] }>(`select value from user_preferences p join accounts a on a.id = p.account_id where a.email = 'admin@acme.test' and p.key = 'users.columns'`))[0]?.value ?? [])
      .toContain("username");
    await page.goto("/admin/users");
    await expect(usersTable(page).getByRole("columnheader", { name: "Username" })).toBeVisible();
    // Back to the default for the other tests.
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("dialog", { name: "Columns" }).getByRole("button", { name: "Reset columns" }).click();
    await expect(usersTable(page).getByRole("columnheader", { name: "Username" })).toHaveCount(0);
  });

  test("the detail panel opens from a name, shows every tab, and Back closes it", async ({ page }) => {
    const t = tag();
    const user = await createAcmeUser({ firstName: "Panel", lastName: `Person${t}`, workspace: { name: "Sales", role: "editor" } });
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${t}`);
    await usersTable(page).getByRole("link", { name: `Panel Person${t}` }).click();
    const panel = page.getByRole("dialog", { name: `Panel Person${t}` });
    await expect(panel).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`user=${user.id}`));
    await expect(panel.getByText(user.id)).toBeVisible();
    for (const tab of ["License", "Access", "Statistics", "History", "Profile"]) {
      await panel.getByRole("tab", { name: tab }).click();
      await expect(panel.getByRole("tab", { name: tab })).toHaveAttribute("aria-selected", "true");
    }
    await panel.getByRole("tab", { name: "Access" }).click();
    await expect(panel.getByText("Sales")).toBeVisible();
    await expect(panel.getByText("Editor")).toBeVisible();
    // The table stays in view behind the panel, and focus stays in the panel.
    await expect(page.locator("table")).toBeVisible();
    for (let i = 0; i < 25; i++) await page.keyboard.press("Tab");
    expect(await panel.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.goBack();
    await expect(panel).toBeHidden();
    await expect(page).not.toHaveURL(/user=/);
    await expect(usersTable(page)).toBeVisible();
  });

  test("a deep link opens the panel on its tab; Escape closes it", async ({ page }) => {
    const user = await createAcmeUser({ workspace: { name: "Finance", role: "viewer" } });
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?user=${user.id}&tab=access`);
    const panel = page.getByRole("dialog", { name: `${user.firstName} ${user.lastName}` });
    await expect(panel.getByRole("tab", { name: "Access" })).toHaveAttribute("aria-selected", "true");
    await expect(panel.getByText("Finance")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(page).not.toHaveURL(/user=/);
  });

  test("closing the panel returns focus to the name that opened it", async ({ page }) => {
    const t = tag();
    await createAcmeUser({ firstName: "Focus", lastName: `Return${t}` });
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${t}`);
    const link = usersTable(page).getByRole("link", { name: `Focus Return${t}` });
    await link.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: `Focus Return${t}` });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole("tab", { name: "Profile" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(usersTable(page).getByRole("link", { name: `Focus Return${t}` })).toBeFocused();
  });

  test("a user of another clientspace answers as not found", async ({ page }) => {
    const outsider = await createAcmeUser({ clientspace: "globex" });
    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?user=${outsider.id}`);
    await expect(page.getByRole("dialog", { name: "User not found" })).toBeVisible();
    await expect(page.getByText(outsider.email)).toHaveCount(0);
  });

  test("an auditor sees the users and the panel, read-only", async ({ page }) => {
    const user = await createAcmeUser();
    await signInAs(page, "auditor@acme.test");
    await page.goto(`/admin/users?user=${user.id}`);
    const panel = page.getByRole("dialog", { name: `${user.firstName} ${user.lastName}` });
    await expect(panel).toBeVisible();
    for (const action of ["Edit profile", "Reset password", "Disable", "Delete"]) {
      await expect(panel.getByRole("button", { name: action })).toHaveCount(0);
    }
    await page.keyboard.press("Escape");
    await expect(usersTable(page)).toBeVisible();
  });

  test("a super-user sees only the users of their workspaces", async ({ page }) => {
    const t = tag();
    const inSales = await createAcmeUser({ lastName: `Sales${t}`, workspace: { name: "Sales", role: "viewer" } });
    const inFinance = await createAcmeUser({ lastName: `Finance${t}`, workspace: { name: "Finance", role: "viewer" } });
    await signInAs(page, "super@acme.test");
    await page.goto(`/admin/users?q=${t}`);
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(bodyRows(page).first()).toContainText(inSales.lastName);
    await page.goto(`/admin/users?user=${inFinance.id}`);
    await expect(page.getByRole("dialog", { name: "User not found" })).toBeVisible();
  });

  test("a member's My profile shows their own profile and access", async ({ page }) => {
    await signInAs(page, "member@acme.test");
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "My profile" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Mateo García");
    await expect(page.getByRole("list", { name: "Workspaces" })).toContainText("Sales");
    await expect(page.getByRole("list", { name: "Workspaces" })).toContainText("Editor");
  });

  test("an admin's My profile opens the users page with their own panel", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "My profile" }).click();
    await expect(page.getByRole("dialog", { name: "Alice Martin" })).toBeVisible();
  });

  test("axe finds no serious or critical violation on the users page and the panel", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, "admin@acme.test");
    await page.goto("/admin/users");
    await expect(usersTable(page)).toBeVisible();
    const serious = (r: Awaited<ReturnType<AxeBuilder["analyze"]>>) =>
      r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await usersTable(page).locator("tbody tr").first().getByRole("link").click();
    await expect(page.getByRole("dialog")).toBeVisible();
    expect(serious(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await context.close();
  });
});
