import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, identifier: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email or username").fill(identifier);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedIn(page: Page) {
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
}

/** Next renders its own role="alert" (the route announcer): find ours by its text. */
export function alertWith(page: Page, text: string | RegExp) {
  return page.getByRole("alert").filter({ hasText: text });
}

/**
 * A session the server refused: the page says why and changes nothing until "Sign in again"
 * (a POST) clears the cookies and opens the sign-in page with the same reason.
 */
export async function leaveEndedSession(page: Page, reason: "ended" | "disabled" | "locked", message: string | RegExp) {
  await expect(page).toHaveURL(new RegExp(`/session-ended\\?reason=${reason}$`));
  await expect(page.getByRole("heading", { name: "Session ended" })).toBeVisible();
  await expect(page.getByText(message)).toBeVisible();
  await page.getByRole("button", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?reason=${reason}$`));
  await expect(alertWith(page, message)).toBeVisible();
}
