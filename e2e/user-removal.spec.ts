import { expect, test, type Page } from "@playwright/test";
import { createAcmeUser, query, type TestUser } from "./support/db";
import { createAcmeObject, reassignObjects } from "./support/objects";
import { addToWorkspaceInDialog, fullName, openPanel, openWorkspaceAccess, signInAs } from "./support/panel";

const workspacesOf = async (user: TestUser) =>
  (
    await query<{ name: string }>(
      `select w.name from workspace_memberships m join workspaces w on w.id = m.workspace_id where m.account_id = $1 order by w.name`,
      [user.id],
    )
  ).map((r) => r.name);
const memberships = (user: TestUser) => query(`select 1 from clientspace_memberships where account_id = $1`, [user.id]);
const accountRows = (user: TestUser) => query(`select 1 from accounts where id = $1`, [user.id]);
const auditActions = async (user: TestUser) =>
  (await query<{ action: string }>(`select action from audit_events where target_id = $1`, [user.id])).map((e) => e.action);

const usersTable = (page: Page) => page.getByRole("table", { name: "Users", includeHidden: true });
// includeHidden: while the modal panel is open, the table behind it is hidden from the accessibility tree.
const userLink = (page: Page, user: TestUser) => usersTable(page).getByRole("link", { name: fullName(user), exact: true, includeHidden: true });

/**
 * The panel closed by the action itself (no `user` left in the URL, no panel on screen) and the
 * table refreshed: filtered on the user's unique last name, it now finds nobody.
 */
async function expectGoneFromPage(page: Page, user: TestUser) {
  await expect(page.getByRole("dialog", { name: fullName(user), exact: true })).toBeHidden();
  await expect(page).not.toHaveURL(/[?&]user=/);
  await expect(page.getByRole("heading", { name: "No users match these filters" })).toBeVisible();
  await expect(userLink(page, user)).toHaveCount(0);
}

test.describe("removing and deleting users", () => {
  test("an admin removes a user from a workspace with the footer button", async ({ page }) => {
    const user = await createAcmeUser({ workspace: { name: "Sales", role: "viewer" } });
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const panel = await openPanel(page, user);
    await panel.getByRole("button", { name: "Remove from workspace", exact: true }).click();

    const dialog = page.getByRole("dialog", { name: `Remove ${name} from a workspace?` });
    await expect(dialog.getByLabel("Workspace")).toHaveValue(/.+/);
    await expect(dialog).toContainText(`${name} loses the Viewer role and everything it gives in Sales.`);
    await dialog.getByRole("button", { name: "Remove from Sales", exact: true }).click();
    await expect(page.getByText(`${name} is no longer in Sales.`)).toBeVisible();
    await expect(dialog).toBeHidden();

    await expect.poll(() => workspacesOf(user)).toEqual([]);
    expect(await auditActions(user)).toContain("user.workspace_removed");
    // Still a member of the clientspace: the panel stays, without the workspace action.
    await expect(panel.getByRole("button", { name: "Remove from workspace", exact: true })).toHaveCount(0);
    expect(await memberships(user)).toHaveLength(1);
  });

  test("an admin removes a user from the clientspace: the row goes, the account stays", async ({ page }) => {
    const user = await createAcmeUser({ workspace: { name: "Sales", role: "viewer" } });
    await query(
      `insert into workspace_memberships (workspace_id, account_id, clientspace_id, role_id)
       select w.id, $1, c.id, r.id from clientspaces c
       join workspaces w on w.clientspace_id = c.id and w.name = 'Finance'
       join roles r on r.clientspace_id = c.id and r.key = 'editor'
       where c.slug = 'acme'`,
      [user.id],
    );
    await createAcmeObject(user, "Sales", "Pipeline review");
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const panel = await openPanel(page, user);
    await expect(userLink(page, user)).toHaveCount(1);
    await panel.getByRole("button", { name: "Remove from clientspace", exact: true }).click();

    const dialog = page.getByRole("dialog", { name: `Remove ${name} from the clientspace?` });
    const effects = dialog.getByRole("list", { name: "What the removal does" });
    await expect(effects).toContainText("They lose access to the workspaces Finance, Sales.");
    await expect(effects).toContainText("Their sessions end at once");
    await expect(effects).toContainText("Their account and their other clientspaces stay");
    await expect(effects).toContainText("1 object they are responsible for stays assigned to them.");
    await dialog.getByRole("button", { name: `Remove ${name}`, exact: true }).click();

    await expect(page.getByText(`${name} is removed from Acme. Their sessions have ended. 1 object stays assigned to them.`)).toBeVisible();
    await expectGoneFromPage(page, user);

    expect(await memberships(user)).toHaveLength(0);
    expect(await workspacesOf(user)).toEqual([]);
    expect(await accountRows(user)).toHaveLength(1);
    expect(await auditActions(user)).toContain("user.removed_from_clientspace");
  });

  test("delete is explained while the user owns objects, and works once they are reassigned", async ({ page }) => {
    const user = await createAcmeUser({ workspace: { name: "Sales", role: "editor" } });
    await createAcmeObject(user, "Sales", "Forecast 2026", "spreadsheet");
    await createAcmeObject(user, "Research", "Lab notebook", "document");
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const panel = await openPanel(page, user);
    await expect(userLink(page, user)).toHaveCount(1);
    const trigger = panel.getByRole("button", { name: "Delete permanently", exact: true });
    await trigger.click();

    const dialog = page.getByRole("dialog", { name: `Delete ${name} permanently?` });
    const groups = dialog.getByRole("list", { name: "Objects to reassign, by workspace" });
    await expect(groups.getByRole("listitem").filter({ hasText: "Research: 1 object" })).toContainText("Lab notebook (document)");
    await expect(groups.getByRole("listitem").filter({ hasText: "Sales: 1 object" })).toContainText("Forecast 2026 (spreadsheet)");
    await expect(dialog.getByRole("heading", { name: "Reassign these 2 objects to someone else first" })).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Delete permanently" })).toHaveCount(0);
    await expect(dialog.getByLabel(/to confirm/)).toHaveCount(0);
    await dialog.getByRole("button", { name: "Close", exact: true }).first().click();
    await expect(dialog).toBeHidden();

    expect(await reassignObjects(user, "admin@acme.test")).toBe(2);
    await trigger.click();
    await expect(dialog.getByText(`The account of ${name} (${user.email}) is erased`)).toBeVisible();
    const confirm = dialog.getByRole("button", { name: "Delete permanently", exact: true });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${user.email} to confirm`).fill(user.email);
    await confirm.click();

    await expect(page.getByText(`${name} is deleted permanently.`)).toBeVisible();
    await expectGoneFromPage(page, user);
    expect(await accountRows(user)).toHaveLength(0);
    expect(await memberships(user)).toHaveLength(0);
    const [event] = await query<{ target_label: string; before: { email: string } }>(
      `select target_label, before from audit_events where target_id = $1 and action = 'user.deleted'`,
      [user.id],
    );
    expect(event).toMatchObject({ target_label: name, before: { email: user.email } });
  });

  test("an admin adds a user who is in no workspace to a workspace", async ({ page }) => {
    const user = await createAcmeUser();
    await signInAs(page, "admin@acme.test");
    const dialog = await openWorkspaceAccess(page, user);
    await expect(dialog.getByText("Not a member of any workspace.")).toBeVisible();
    await addToWorkspaceInDialog(page, dialog, user, "Research", "Viewer");
    await expect.poll(() => workspacesOf(user)).toEqual(["Research"]);
    await expect(dialog.getByLabel("Role in Research")).toBeVisible();
  });
});
