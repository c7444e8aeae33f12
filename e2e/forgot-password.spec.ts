import { expect, test, type Page } from "@playwright/test";
import { alertWith, expectSignedIn, signIn } from "./support/auth";
import { createAcmeUser, query } from "./support/db";
import { emailsTo, linkInNewestEmail } from "./support/outbox";

const CONFIRMATION = "If an account exists for that address, we have sent a link to reset its password. The link is valid for 1 hour.";
const NEW_PASSWORD = "lantern-meadow-copper-7294";

async function askForReset(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: CONFIRMATION })).toBeVisible();
}

async function resetTokens(accountId: string) {
  return query<{ used: boolean }>(`select used_at is not null as used from account_tokens where account_id = $1 and purpose = 'password_reset'`, [accountId]);
}

test.describe("forgot password", () => {
  test("an unknown address gets the same answer and no link", async ({ page }) => {
    const countTokens = async () =>
      Number((await query<{ n: string }>(`select count(*) as n from account_tokens where purpose = 'password_reset'`))[0].n);
    const before = await countTokens();
    const unknown = `nobody-${Date.now()}@acme.test`;
    await askForReset(page, unknown);
    expect(await countTokens()).toBe(before);
    expect(await emailsTo(unknown)).toEqual([]);
  });

  test("a user resets a forgotten password with the emailed link, once", async ({ page }) => {
    const user = await createAcmeUser();
    await askForReset(page, user.email);
    // The link is made after the answer has gone (the same time for every address).
    await expect.poll(() => resetTokens(user.id)).toEqual([{ used: false }]);

    // The emailed link.
    const href = await linkInNewestEmail(user.email, "Reset your Roster password", "Choose a new password");
    expect(href).toMatch(/\/reset-password\?token=/);
    await page.goto(href);
    await expect(page).toHaveURL(/\/reset-password\?token=/);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();

    // Opening the page (as a mail scanner would) does not use the link up.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    expect(await resetTokens(user.id)).toEqual([{ used: false }]);

    // The server's policy answer shows under the field, and the link still works afterwards.
    const weak = `${user.username}-garden-42`;
    await page.getByLabel("New password", { exact: true }).fill(weak);
    await page.getByLabel("Confirm new password").fill(weak);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(alertWith(page, "The password must not contain your email address or name.")).toBeVisible();
    expect(await resetTokens(user.id)).toEqual([{ used: false }]);

    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=password-reset$/);
    await expect(alertWith(page, "Your password was changed. Sign in with the new one.")).toBeVisible();
    expect(await resetTokens(user.id)).toEqual([{ used: true }]);

    // The old password is refused, the new one works.
    await signIn(page, user.email, user.password);
    await expect(alertWith(page, "The email, username or password is incorrect.")).toBeVisible();
    await signIn(page, user.email, NEW_PASSWORD);
    await expectSignedIn(page);

    // The same link a second time.
    await page.goto(href!);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    await page.getByRole("link", { name: "Ask for a new link" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
  });

  test("a made-up link shows the invalid-link page", async ({ page }) => {
    await page.goto("/reset-password?token=made-up");
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  });
});
