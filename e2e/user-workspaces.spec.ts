import { expect, test } from "@playwright/test";
import { addToWorkspaceInDialog, fullName, openPanel, openWorkspaceAccess, signInAs } from "./support/panel";
import { createAcmeUser, query, type TestUser } from "./support/db";


async function roleIn(user: TestUser, workspace: string) {
  const rows = await query<{ role: string }>(
    `select r.name as role from workspace_memberships m
     join workspaces w on w.id = m.workspace_id join roles r on r.id = m.role_id
     where m.account_id = $1 and w.name = $2`,
    [user.id, workspace],
  );
  return rows.map((r) => r.role);
}

test.describe("workspace access", () => {
  test("an admin adds a user to a workspace, changes their role, then removes them", async ({ page }) => {
    // The panel offers workspace actions on a member of some workspace (lib/users/panel.ts).
    const user = await createAcmeUser({ workspace: { name: "Sales", role: "viewer" } });
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const dialog = await openWorkspaceAccess(page, user);
    await expect(dialog.getByLabel("Role in Sales")).toBeVisible();
    await addToWorkspaceInDialog(page, dialog, user, "Finance", "Viewer");
    await expect.poll(() => roleIn(user, "Finance")).toEqual(["Viewer"]);

    await dialog.getByLabel("Role in Finance").selectOption({ label: "Editor" });
    await expect(page.getByText(`${name} is now Editor in Finance.`)).toBeVisible();
    await expect.poll(() => roleIn(user, "Finance")).toEqual(["Editor"]);

    await dialog.getByRole("button", { name: "Remove from Finance", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: `Remove ${name} from Finance?` });
    await confirm.getByRole("button", { name: "Remove from Finance", exact: true }).click();
    await expect(page.getByText(`${name} is no longer in Finance.`)).toBeVisible();
    await expect(confirm).toBeHidden();
    await expect.poll(() => roleIn(user, "Finance")).toEqual([]);
    await expect(dialog.getByLabel("Role in Finance")).toHaveCount(0);

    const events = await query<{ action: string }>(`select action from audit_events where target_id = $1`, [user.id]);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["user.workspace_added", "user.workspace_role_changed", "user.workspace_removed"]),
    );
  });

  test("an auditor sees no workspace access button", async ({ page }) => {
    const user = await createAcmeUser({ workspace: { name: "Finance", role: "viewer" } });
    await signInAs(page, "auditor@acme.test");
    const panel = await openPanel(page, user);
    await panel.getByRole("tab", { name: "Access" }).click();
    await expect(panel.getByText("Finance", { exact: true })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Workspace access", exact: true })).toHaveCount(0);
  });
});
