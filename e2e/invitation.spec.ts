import { expect, test, type Browser, type Page } from "@playwright/test";
import { alertWith } from "./support/auth";
import { createAcmeUser, query } from "./support/db";
import { createInvitedUser, invitationLinks, seedInvitationLink, type InvitedUser } from "./support/invitations";
import { linkInNewestEmail } from "./support/outbox";
import { openPanel, signInAs } from "./support/panel";

const NEW_PASSWORD = "harbour-quartz-meadow-6153";
const nameOf = (u: InvitedUser) => `${u.firstName} ${u.lastName}`;

/** The admin resends the invitation from the user's panel, reading the confirmation first. */
async function resendFromPanel(page: Page, user: InvitedUser) {
  const name = nameOf(user);
  const panel = await openPanel(page, { ...user, password: "" });
  await panel.getByRole("button", { name: "Resend invitation", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: `Resend the invitation to ${name}?` });
  await expect(confirm).toContainText(`A new link valid 24 hours is emailed to ${user.email}; the previous link stops working.`);
  await confirm.getByRole("button", { name: "Send new link" }).click();
  await expect(page.getByText(`A new invitation was emailed to ${name}`)).toBeVisible();
  await expect(confirm).toBeHidden();
}

/** The link of the newest invitation email to that address, as the invitee receives it. */
async function newestInvitationLink(email: string) {
  const href = await linkInNewestEmail(email, "You are invited to join Acme on Roster", "Accept invitation");
  expect(href).toMatch(/\/invitation\?token=/);
  return href;
}

/** A browser of its own for the invitee: the admin stays signed in on the test's page. */
async function inviteeBrowser(browser: Browser) {
  const context = await browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}

test.describe("invitation", () => {
  test("an admin resends an invitation; the invitee opens the link, accepts it, chooses a password and lands signed in", async ({ page, browser }) => {
    const user = await createInvitedUser();
    const name = nameOf(user);
    await signInAs(page, "admin@acme.test");
    await resendFromPanel(page, user);
    expect(await invitationLinks(user.id)).toEqual([{ used: false, voided: false, created_by_email: "admin@acme.test" }]);

    const invitee = await inviteeBrowser(browser);
    const href = await newestInvitationLink(user.email);
    await invitee.page.goto(href);
    const summary = invitee.page.getByRole("heading", { name: `${name}, you are invited to join Acme` });
    await expect(summary).toBeVisible();
    await expect(invitee.page.getByText(`You will sign in to Roster as ${user.email}.`)).toBeVisible();

    // Opening the page (as a mail scanner would) does not use the link up.
    await invitee.page.reload();
    await expect(summary).toBeVisible();
    expect(await invitationLinks(user.id)).toEqual([{ used: false, voided: false, created_by_email: "admin@acme.test" }]);

    await invitee.page.getByRole("button", { name: "Accept invitation" }).click();
    await expect(invitee.page.getByRole("heading", { name: "Choose your password" })).toBeVisible();

    // The server's policy answer shows under the field, and the link still works afterwards.
    const weak = `person-${user.lastName.split(" ")[1]}-garden-42`;
    await invitee.page.getByLabel("Password", { exact: true }).fill(weak);
    await invitee.page.getByLabel("Confirm password").fill(weak);
    await invitee.page.getByRole("button", { name: "Join and sign in" }).click();
    await expect(alertWith(invitee.page, "The password must not contain your email address or name.")).toBeVisible();
    expect((await invitationLinks(user.id))[0].used).toBe(false);

    await invitee.page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
    await invitee.page.getByLabel("Confirm password").fill(NEW_PASSWORD);
    await invitee.page.getByRole("button", { name: "Join and sign in" }).click();
    await expect(invitee.page).toHaveURL(/\/account$/);
    await expect(invitee.page.getByRole("banner").getByRole("button", { name: "Account menu" })).toContainText(name);

    const [membership] = await query<{ joined: boolean; has_password: boolean; invited: boolean }>(
      `select m.joined_at is not null as joined, a.password_hash is not null as has_password, m.invited_at is not null as invited
       from clientspace_memberships m join accounts a on a.id = m.account_id where m.account_id = $1`,
      [user.id],
    );
    expect(membership).toMatchObject({ joined: true, has_password: true, invited: true });
    expect(await invitationLinks(user.id)).toEqual([{ used: true, voided: false, created_by_email: "admin@acme.test" }]);
    const events = await query<{ action: string; actor_account_id: string }>(
      `select action, actor_account_id from audit_events where target_id = $1 and action = 'user.joined'`,
      [user.id],
    );
    expect(events).toEqual([{ action: "user.joined", actor_account_id: user.id }]);

    // The same link again.
    await invitee.page.goto(href);
    await expect(invitee.page.getByRole("heading", { name: "You have already joined" })).toBeVisible();
    await expect(invitee.page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await invitee.close();
  });

  test("a link replaced by a resend is no longer valid; an expired link asks the inviter for a new invitation", async ({ page, browser }) => {
    const user = await createInvitedUser();
    const old = await seedInvitationLink(user.id);
    await signInAs(page, "admin@acme.test");
    await resendFromPanel(page, user);
    expect(await invitationLinks(user.id)).toEqual([
      { used: false, voided: true, created_by_email: "admin@acme.test" },
      { used: false, voided: false, created_by_email: "admin@acme.test" },
    ]);

    const invitee = await inviteeBrowser(browser);
    await invitee.page.goto(`/invitation?${new URLSearchParams({ token: old })}`);
    await expect(invitee.page.getByRole("heading", { name: "This link is no longer valid" })).toBeVisible();
    await expect(invitee.page.getByText("This link is no longer valid (a newer invitation may have been sent).")).toBeVisible();
    await expect(invitee.page.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);

    // The newest link, once past its expiry.
    const href = await newestInvitationLink(user.email);
    await query(`update account_tokens set expires_at = now() - interval '1 minute' where account_id = $1 and voided_at is null`, [user.id]);
    await invitee.page.goto(href);
    await expect(invitee.page.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
    await invitee.page.getByRole("button", { name: "Ask for a new invitation" }).click();
    await expect(invitee.page.getByRole("status").filter({ hasText: "Your request has been passed on." })).toBeVisible();

    const requests = await query<{ to: string; template: string }>(
      `select "to", template from email_outbox where template = 'invitation-requested' and html like $1`,
      [`%/admin/users?user=${user.id}%`],
    );
    expect(requests).toEqual([{ to: "admin@acme.test", template: "invitation-requested" }]);
    const events = await query<{ actor_account_id: string }>(
      `select actor_account_id from audit_events where target_id = $1 and action = 'user.invitation_requested'`,
      [user.id],
    );
    expect(events).toEqual([{ actor_account_id: user.id }]);
    expect((await invitationLinks(user.id)).map((l) => l.used)).toEqual([false, false]);
    await invitee.close();
  });

  test("a person who already has an account elsewhere joins only with their own password, and lands signed in", async ({ page }) => {
    const user = await createAcmeUser({ clientspace: "globex" });
    await query(
      `insert into clientspace_memberships (clientspace_id, account_id, origin, invited_at, invitation_expires_at)
       select id, $1, 'invited', now(), now() + interval '1 day' from clientspaces where slug = 'acme'`,
      [user.id],
    );
    const token = await seedInvitationLink(user.id);
    const [before] = await query<{ password_hash: string }>(`select password_hash from accounts where id = $1`, [user.id]);

    await page.goto(`/invitation?${new URLSearchParams({ token })}`);
    await expect(page.getByRole("heading", { name: `${user.firstName} ${user.lastName}, you are invited to join Acme` })).toBeVisible();
    await expect(page.getByText("you keep your password")).toBeVisible();
    // Reading the mailbox is not enough (SPEC section 2): a wrong password joins nothing.
    await page.getByLabel("Your current password").fill("not-my-password-at-all-1");
    await page.getByRole("button", { name: "Accept invitation and sign in" }).click();
    await expect(page.getByText("This is not the password of your Roster account.")).toBeVisible();
    const [pending] = await query<{ joined: boolean }>(
      `select m.joined_at is not null as joined from clientspace_memberships m join clientspaces c on c.id = m.clientspace_id and c.slug = 'acme' where m.account_id = $1`,
      [user.id],
    );
    expect(pending).toEqual({ joined: false });

    await page.getByLabel("Your current password").fill(user.password);
    await page.getByRole("button", { name: "Accept invitation and sign in" }).click();
    await expect(page.getByRole("banner").getByRole("button", { name: "Account menu" })).toContainText(`${user.firstName} ${user.lastName}`);
    await expect(page.getByRole("banner")).toContainText("Acme");
    expect(await invitationLinks(user.id)).toEqual([{ used: true, voided: false, created_by_email: "admin@acme.test" }]);

    const [after] = await query<{ password_hash: string; joined: boolean }>(
      `select a.password_hash, m.joined_at is not null as joined from accounts a
       join clientspace_memberships m on m.account_id = a.id
       join clientspaces c on c.id = m.clientspace_id and c.slug = 'acme' where a.id = $1`,
      [user.id],
    );
    expect(after).toEqual({ password_hash: before.password_hash, joined: true });
  });

  test("a made-up link shows the no-longer-valid page", async ({ page }) => {
    await page.goto("/invitation?token=made-up");
    await expect(page.getByRole("heading", { name: "This link is no longer valid" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
  });
});
