import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed/demo-accounts";
import { expectSignedIn, signIn } from "./auth";
import type { TestUser } from "./db";

export const fullName = (u: TestUser) => `${u.firstName} ${u.lastName}`;

export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await signIn(page, email, password);
  await expectSignedIn(page);
}

/** The users page filtered down to this user, with their panel open. */
export async function openPanel(page: Page, user: TestUser) {
  await page.goto(`/admin/users?q=${encodeURIComponent(user.lastName)}&user=${user.id}`);
  const panel = page.getByRole("dialog", { name: fullName(user), exact: true });
  await expect(panel).toBeVisible();
  return panel;
}

/** The Access tab's "Workspace access" dialog of this user, open. */
export async function openWorkspaceAccess(page: Page, user: TestUser) {
  const panel = await openPanel(page, user);
  await panel.getByRole("tab", { name: "Access" }).click();
  await panel.getByRole("button", { name: "Workspace access", exact: true }).click();
  return page.getByRole("dialog", { name: `Workspace access of ${fullName(user)}` });
}

/** Adds the user to a workspace from that dialog and waits for the confirmation toast. */
export async function addToWorkspaceInDialog(page: Page, dialog: Locator, user: TestUser, workspace: string, role: string) {
  const add = dialog.getByRole("form", { name: "Add to a workspace" });
  await add.getByLabel("Workspace").selectOption({ label: workspace });
  await add.getByLabel("Role").selectOption({ label: role });
  await add.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText(`${fullName(user)} is now in ${workspace} as ${role}.`)).toBeVisible();
}
