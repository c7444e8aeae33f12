import { expect, type Page } from "@playwright/test";
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
