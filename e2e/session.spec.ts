import { expect, test } from "@playwright/test";
import { alertWith, expectSignedIn, leaveEndedSession, signIn } from "./support/auth";
import { createAcmeUser, query } from "./support/db";

test.describe("sessions and passwords", () => {
  test("a disabled account is signed out at its next request", async ({ page }) => {
    const user = await createAcmeUser();
    await signIn(page, user.email, user.password);
    await expectSignedIn(page);
    await query(`update clientspace_memberships set disabled = true, disabled_at = now() where account_id = $1`, [user.id]);
    await page.goto("/account");
    await leaveEndedSession(page, "disabled", "Your access to Roster has been disabled");
    // The session cookie is gone too, not merely refused.
    const cookies = await page.context().cookies();
    expect(cookies.some((c) => c.name.includes("session-token"))).toBe(false);
    await signIn(page, user.email, user.password);
    await expect(alertWith(page, "Your access to Roster has been disabled")).toBeVisible();
  });

  test("changing one's password keeps this session, ends the others, and the new password signs in", async ({ page, browser }) => {
    const user = await createAcmeUser();
    const newPassword = "saffron-glacier-owl-9024";

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, user.email, user.password);
    await expectSignedIn(otherPage);

    await signIn(page, user.email, user.password);
    await expectSignedIn(page);
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Change password" }).click();
    await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();

    // The policy is checked on the server too: a common password is refused, nothing changes.
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password", { exact: true }).fill("qwerty123456");
    await page.getByLabel("Confirm new password").fill("qwerty123456");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(alertWith(page, "too common").first()).toBeVisible();

    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your password was changed" }).first()).toBeVisible();

    const [row] = await query<{ v: number }>(`select session_version as v from accounts where id = $1`, [user.id]);
    expect(row.v).toBe(1);
    const mails = await query<{ template: string }>(`select template from email_outbox where "to" = $1`, [user.email]);
    expect(mails.map((m) => m.template)).toContain("password-changed");

    // This browser stays signed in; the other one is signed out at its next request.
    await page.goto("/account");
    await expectSignedIn(page);
    await otherPage.goto("/account");
    await leaveEndedSession(otherPage, "ended", "Your session has ended. Sign in again.");
    await other.close();

    // Old password refused, new one accepted.
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, user.email, user.password);
    await expect(alertWith(page, "incorrect")).toBeVisible();
    await signIn(page, user.email, newPassword);
    await expectSignedIn(page);
  });
});
