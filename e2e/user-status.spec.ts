import { expect, test, type Browser } from "@playwright/test";
import { alertWith, expectSignedIn, leaveEndedSession, signIn } from "./support/auth";
import { fullName, openPanel, signInAs } from "./support/panel";
import { createAcmeUser, query } from "./support/db";


async function signsIn(browser: Browser, identifier: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, identifier, password);
  await expectSignedIn(page);
  await context.close();
}

test.describe("disable, enable, unlock, reset password", () => {
  test("an admin disables a user, who is signed out at once, then enables them again", async ({ page, browser }) => {
    const user = await createAcmeUser();
    const name = fullName(user);

    // The user is signed in elsewhere before being disabled.
    const theirs = await browser.newContext();
    const theirPage = await theirs.newPage();
    await signIn(theirPage, user.email, user.password);
    await expectSignedIn(theirPage);

    await signInAs(page, "admin@acme.test");
    let panel = await openPanel(page, user);
    await panel.getByRole("button", { name: "Disable", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: `Disable ${name}?` });
    await expect(confirm).toContainText("They will be signed out at once and cannot sign in until enabled. Their history is kept.");
    await confirm.getByRole("button", { name: `Disable ${name}` }).click();
    await expect(page.getByText(`${name} is disabled. Their sessions have ended.`)).toBeVisible();
    await expect(confirm).toBeHidden();

    panel = page.getByRole("dialog", { name, exact: true });
    await expect(panel.getByText("Disabled", { exact: true })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
    const [row] = await query<{ disabled: boolean }>(`select disabled from clientspace_memberships where account_id = $1`, [user.id]);
    expect(row.disabled).toBe(true);
    const events = await query<{ action: string }>(`select action from audit_events where target_id = $1`, [user.id]);
    expect(events.map((e) => e.action)).toContain("user.disabled");

    // Their own browser is sent to the sign-in page at its next request.
    await theirPage.goto("/account");
    await leaveEndedSession(theirPage, "disabled", "Your access to Roster has been disabled");
    await signIn(theirPage, user.email, user.password);
    await expect(alertWith(theirPage, "Your access to Roster has been disabled")).toBeVisible();
    await theirs.close();

    await panel.getByRole("button", { name: "Enable", exact: true }).click();
    const enable = page.getByRole("dialog", { name: `Enable ${name}?` });
    await enable.getByRole("button", { name: `Enable ${name}` }).click();
    await expect(page.getByText(`${name} is enabled. They can sign in again.`)).toBeVisible();
    await expect(panel.getByRole("button", { name: "Disable", exact: true })).toBeVisible();
    await expect(panel.getByText("Disabled", { exact: true })).toHaveCount(0);
    const [after] = await query<{ disabled: boolean }>(`select disabled from clientspace_memberships where account_id = $1`, [user.id]);
    expect(after.disabled).toBe(false);
    await signsIn(browser, user.email, user.password);
  });

  test("an admin unlocks a locked user, who can then sign in", async ({ page, browser }) => {
    const user = await createAcmeUser({ locked: true });
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const panel = await openPanel(page, user);
    await expect(panel.getByText("Locked", { exact: true })).toBeVisible();
    await panel.getByRole("button", { name: "Unlock", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: `Unlock ${name}?` });
    await expect(confirm.getByLabel("Also set a new password")).toBeVisible();
    await confirm.getByRole("button", { name: `Unlock ${name}` }).click();
    await expect(page.getByText(`${name} is unlocked and can sign in again.`)).toBeVisible();
    await expect(confirm).toBeHidden();
    await expect(panel.getByRole("button", { name: "Unlock", exact: true })).toHaveCount(0);

    const [row] = await query<{ locked_at: string | null; failed_sign_in_count: number }>(
      `select locked_at, failed_sign_in_count from accounts where id = $1`,
      [user.id],
    );
    expect(row.locked_at).toBeNull();
    expect(row.failed_sign_in_count).toBe(0);
    await signsIn(browser, user.email, user.password);
  });

  test("an admin resets a password with a generated one, shown once, which signs the user in", async ({ page, browser }) => {
    const user = await createAcmeUser();
    const name = fullName(user);
    await signInAs(page, "admin@acme.test");
    const panel = await openPanel(page, user);
    await panel.getByRole("button", { name: "Reset password", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Reset the password of ${name}?` });

    // Typed passwords must match; nothing changes otherwise.
    await dialog.getByLabel("New password", { exact: true }).fill("saffron-glacier-owl-9024");
    await dialog.getByLabel("Confirm new password").fill("saffron-glacier-owl-9025");
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect(alertWith(page, "do not match").first()).toBeVisible();

    await dialog.getByLabel("Generate a password").check();
    await expect(dialog.getByLabel("New password", { exact: true })).toHaveCount(0);
    await dialog.getByRole("button", { name: "Reset password" }).click();
    const shown = dialog.getByLabel(`New password of ${name}`);
    await expect(shown).toBeVisible();
    await expect(dialog).toContainText("will not be shown again");
    await expect(dialog.getByRole("button", { name: "Copy" })).toBeVisible();
    const password = await shown.inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await expect(page.getByText(`${name}’s password is changed.`)).toBeVisible();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();

    // Shown once: opening the dialog again starts from the form.
    await panel.getByRole("button", { name: "Reset password", exact: true }).click();
    await expect(dialog.getByLabel(`New password of ${name}`)).toHaveCount(0);
    await page.keyboard.press("Escape");

    const events = await query<{ action: string }>(`select action from audit_events where target_id = $1`, [user.id]);
    expect(events.map((e) => e.action)).toContain("user.password_reset");
    await signsIn(browser, user.email, password);
  });

  test("an auditor sees none of these actions", async ({ page }) => {
    const user = await createAcmeUser({ locked: true });
    await signInAs(page, "auditor@acme.test");
    const panel = await openPanel(page, user);
    await expect(panel.getByRole("tab", { name: "Profile" })).toBeVisible();
    for (const action of ["Disable", "Enable", "Unlock", "Reset password"]) {
      await expect(panel.getByRole("button", { name: action, exact: true })).toHaveCount(0);
    }
  });

  test("another clientspace's admin cannot reset a member's password, only send them a reset link, which lands with their home", async ({ page }) => {
    const user = await createAcmeUser();
    await query(
      `insert into clientspace_memberships (clientspace_id, account_id, origin, joined_at) select id, $1, 'invited', now() from clientspaces where slug = 'globex'`,
      [user.id],
    );
    const [before] = await query<{ password_hash: string }>(`select password_hash from accounts where id = $1`, [user.id]);
    const name = fullName(user);

    await signInAs(page, "admin@globex.test");
    const panel = await openPanel(page, user);
    await expect(panel.getByText("Their password, sign-in address and lock are managed by their home organisation.")).toBeVisible();
    await expect(panel.getByRole("button", { name: "Reset password" })).toHaveCount(0);
    await panel.getByRole("button", { name: "Send reset link" }).click();
    const confirm = page.getByRole("dialog", { name: `Send ${name} a link to reset their password?` });
    await expect(confirm).toContainText(`An email goes to ${user.email} with a link valid for 1 hour.`);
    await confirm.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByText(`A link to reset the password was sent to ${name} at ${user.email}. It works for 1 hour.`)).toBeVisible();

    // The link and its email belong to Acme, the home (its mailbox, never Globex's); the password is untouched.
    const links = await query<{ slug: string }>(
      `select c.slug from account_tokens t join clientspaces c on c.id = t.clientspace_id where t.account_id = $1 and t.purpose = 'password_reset'`,
      [user.id],
    );
    expect(links).toEqual([{ slug: "acme" }]);
    const mails = await query<{ slug: string }>(
      `select c.slug from email_outbox e join clientspaces c on c.id = e.clientspace_id where e."to" = $1 and e.template = 'password-reset'`,
      [user.email],
    );
    expect(mails).toEqual([{ slug: "acme" }]);
    const [after] = await query<{ password_hash: string }>(`select password_hash from accounts where id = $1`, [user.id]);
    expect(after).toEqual(before);
    const events = await query<{ slug: string }>(
      `select c.slug from audit_events a join clientspaces c on c.id = a.clientspace_id where a.target_id = $1 and a.action = 'user.reset_link_sent'`,
      [user.id],
    );
    expect(events).toEqual([{ slug: "globex" }]);
  });
});
