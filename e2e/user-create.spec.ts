import AxeBuilder from "@axe-core/playwright";
import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { expectSignedIn, signIn } from "./support/auth";
import { createAcmeUser, query } from "./support/db";
import { linkInNewestEmail } from "./support/outbox";
import { fullName, signInAs } from "./support/panel";

const INVITEE_PASSWORD = "juniper-lighthouse-copper-4417";

/** A person nobody else uses: names take no digits, so the tag is letters. */
function newPerson(first: string) {
  const tag = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
  return { email: `e2e.create.${tag}@acme.test`, firstName: first, lastName: `Nouvel ${tag[0].toUpperCase()}${tag.slice(1)}` };
}
type Person = ReturnType<typeof newPerson>;
const nameOf = (p: Person) => `${p.firstName} ${p.lastName}`;

async function openWizard(page: Page) {
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a user" });
  await expect(dialog.getByRole("heading", { name: "Email" })).toBeVisible();
  return dialog;
}

async function next(page: Page, heading: string) {
  await page.getByRole("dialog").getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("dialog").getByRole("heading", { name: heading, exact: true })).toBeVisible();
}

/** Steps 1 and 2 for a new person. */
async function emailAndProfile(page: Page, person: Person) {
  const dialog = await openWizard(page);
  await dialog.getByLabel("Email address").fill(person.email);
  await next(page, "Profile");
  await dialog.getByLabel("First name").fill(person.firstName);
  await dialog.getByLabel("Last name").fill(person.lastName);
  return dialog;
}

async function accountOf(email: string) {
  return query<{ id: string; username: string; has_password: boolean }>(
    `select id, username, password_hash is not null as has_password from accounts where lower(email) = lower($1)`,
    [email],
  );
}

test.describe("create-user wizard", () => {
  test("an admin adds a user immediately with a generated password, copies it, and the user signs in with it", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const person = newPerson("Hélène");
    await signInAs(page, "admin@acme.test");
    const dialog = await emailAndProfile(page, person);

    // Names take no digits: the step refuses before going on.
    await dialog.getByLabel("Last name").fill("Nouvel 2");
    await dialog.getByRole("button", { name: "Next" }).click();
    await expect(dialog.getByText("A last name cannot contain digits.")).toBeVisible();
    await dialog.getByLabel("Last name").fill(person.lastName);
    await dialog.getByLabel("Title").fill("Analyst");
    await next(page, "Access");

    await dialog.getByLabel("Add immediately").check();
    await expect(dialog.getByLabel("Generate a password")).toBeChecked();
    await next(page, "Rights");

    await expect(dialog.getByLabel("Admin access")).toBeVisible();
    await dialog.getByRole("button", { name: "Add a workspace" }).click();
    await dialog.getByLabel("Workspace 1").selectOption({ label: "Sales" });
    await expect(dialog.getByLabel("Role in Sales")).toHaveValue(/.+/);
    await expect(dialog.getByLabel("Role in Sales").locator("option:checked")).toHaveText("No access");
    await dialog.getByLabel("Role in Sales").selectOption({ label: "Editor" });
    await next(page, "License");

    await expect(dialog.getByLabel("License")).toHaveValue("");
    await expect(dialog.getByLabel("License").locator("option", { hasText: "seats left" }).first()).toBeAttached();
    await next(page, "Confirm");

    const summary = dialog.getByRole("definition");
    await expect(summary.filter({ hasText: person.email })).toHaveCount(1);
    await expect(summary.filter({ hasText: "Sales: Editor" })).toHaveCount(1);
    await expect(summary.filter({ hasText: "Added now with a generated password, shown to you once" })).toHaveCount(1);
    await dialog.getByRole("button", { name: "Create user" }).click();

    const done = page.getByRole("dialog", { name: "User added" });
    await expect(done.getByText(`${nameOf(person)} was created and can sign in now.`)).toBeVisible();
    // The toast lives outside the modal dialog, which hides the rest of the page from the accessibility tree.
    await expect(page.locator("[data-sonner-toaster]").getByText(`${nameOf(person)} was created and can sign in now.`)).toBeVisible();
    await expect(done).toContainText("This password will not be shown again.");
    const shown = await done.getByLabel(`Password of ${nameOf(person)}`).inputValue();
    expect(shown.length).toBeGreaterThanOrEqual(12);
    await done.getByRole("button", { name: "Copy password" }).click();
    await expect(done.getByRole("button", { name: "Copied" })).toBeVisible();
    const password = await page.evaluate(() => navigator.clipboard.readText());
    expect(password).toBe(shown);

    // What the database holds: the account, its membership, its workspace role, the audit event.
    const [account] = await accountOf(person.email);
    expect(account).toMatchObject({ has_password: true });
    expect(account.username).toMatch(/^helene\.nouvel-?[a-z]+\d*$/);
    const [membership] = await query<{ origin: string; joined: boolean; title: string; is_admin: boolean }>(
      `select origin, joined_at is not null as joined, title, is_admin from clientspace_memberships m
       join clientspaces c on c.id = m.clientspace_id where c.slug = 'acme' and m.account_id = $1`,
      [account.id],
    );
    expect(membership).toEqual({ origin: "created", joined: true, title: "Analyst", is_admin: false });
    const roles = await query<{ workspace: string; role: string }>(
      `select w.name as workspace, r.key as role from workspace_memberships wm
       join workspaces w on w.id = wm.workspace_id join roles r on r.id = wm.role_id where wm.account_id = $1`,
      [account.id],
    );
    expect(roles).toEqual([{ workspace: "Sales", role: "editor" }]);
    const events = await query<{ action: string; actor: string; after: { username: string } }>(
      `select e.action, a.email as actor, e.after from audit_events e join accounts a on a.id = e.actor_account_id where e.target_id = $1`,
      [account.id],
    );
    expect(events).toMatchObject([{ action: "user.created", actor: "admin@acme.test", after: { username: account.username } }]);
    expect(JSON.stringify(events)).not.toContain(password);

    // The new user's panel, from the dialog.
    await done.getByRole("link", { name: "Open their panel" }).click();
    await expect(page).toHaveURL(new RegExp(`user=${account.id}`));
    await expect(page.getByRole("dialog", { name: nameOf(person), exact: true })).toBeVisible();
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, person.email, password);
    await expectSignedIn(page);
  });

  test("an admin invites a user; the invitee accepts from the email, sets a password and lands signed in", async ({ page, browser }) => {
    const person = newPerson("Kenji");
    await signInAs(page, "admin@acme.test");
    const dialog = await emailAndProfile(page, person);
    await next(page, "Access");
    await expect(dialog.getByLabel("Send an invitation")).toBeChecked();
    await next(page, "Rights");
    await next(page, "License");
    await next(page, "Confirm");
    await expect(dialog.getByRole("definition").filter({ hasText: "Invitation email with a link valid 24 hours" })).toHaveCount(1);
    await dialog.getByRole("button", { name: "Create user" }).click();
    const done = page.getByRole("dialog", { name: "User added" });
    await expect(done.getByText(`${nameOf(person)} was created and invited by email.`)).toBeVisible();
    await expect(done.getByLabel(/^Password of/)).toHaveCount(0);

    const [account] = await accountOf(person.email);
    expect(account.has_password).toBe(false);
    const membership = async () =>
      (await query<{ joined: boolean; invited: boolean }>(`select joined_at is not null as joined, invited_at is not null as invited from clientspace_memberships where account_id = $1`, [account.id]))[0];
    expect(await membership()).toEqual({ joined: false, invited: true });

    // The invitee, in a browser of their own, with the emailed link.
    const context = await browser.newContext();
    const invitee = await context.newPage();
    const href = await linkInNewestEmail(person.email, "You are invited to join Acme on Roster", "Accept invitation");
    expect(href).toMatch(/\/invitation\?token=/);
    await invitee.goto(href);
    await expect(invitee.getByRole("heading", { name: `${nameOf(person)}, you are invited to join Acme` })).toBeVisible();
    await invitee.getByRole("button", { name: "Accept invitation" }).click();
    await expect(invitee.getByRole("heading", { name: "Choose your password" })).toBeVisible();
    await invitee.getByLabel("Password", { exact: true }).fill(INVITEE_PASSWORD);
    await invitee.getByLabel("Confirm password").fill(INVITEE_PASSWORD);
    await invitee.getByRole("button", { name: "Join and sign in" }).click();
    await expect(invitee).toHaveURL(/\/account$/);
    await expectSignedIn(invitee);
    expect(await membership()).toEqual({ joined: true, invited: true });
    await context.close();
  });

  test("a workspace super-user creates a user into their own workspace, without rights or license steps", async ({ page }) => {
    const person = newPerson("Amara");
    await signInAs(page, "super@acme.test");
    const dialog = await emailAndProfile(page, person);
    await expect(dialog.getByRole("list", { name: "Steps" }).getByRole("listitem")).toHaveText(["1. Email", "2. Profile", "3. Access", "4. Rights", "5. Confirm"]);
    await next(page, "Access");
    await next(page, "Rights");
    await expect(dialog.getByLabel("Admin access")).toHaveCount(0);
    await expect(dialog.getByLabel("Auditor")).toHaveCount(0);
    // Their only workspace is proposed, with the default role, and nothing else is offered.
    await expect(dialog.getByLabel("Workspace 1").locator("option:not([disabled])")).toHaveText(["Sales"]);
    await expect(dialog.getByLabel("Role in Sales").locator("option:checked")).toHaveText("No access");
    await dialog.getByRole("button", { name: "Remove Sales" }).click();
    await dialog.getByRole("button", { name: "Next" }).click();
    await expect(dialog.getByText("Add them to at least one of your workspaces.", { exact: true })).toBeVisible();
    await dialog.getByRole("button", { name: "Add a workspace" }).click();
    await next(page, "Confirm");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("dialog", { name: "User added" }).getByText(`${nameOf(person)} was created and invited by email.`)).toBeVisible();

    const [account] = await accountOf(person.email);
    const rows = await query<{ workspace: string; role: string; is_admin: boolean; license: string | null }>(
      `select w.name as workspace, r.key as role, m.is_admin, m.license_type_id as license from workspace_memberships wm
       join workspaces w on w.id = wm.workspace_id join roles r on r.id = wm.role_id
       join clientspace_memberships m on m.account_id = wm.account_id and m.clientspace_id = wm.clientspace_id
       where wm.account_id = $1`,
      [account.id],
    );
    expect(rows).toEqual([{ workspace: "Sales", role: "no_access", is_admin: false, license: null }]);
  });

  test("axe finds no serious or critical violation on any step of the wizard", async ({ page }) => {
    const serious = async () =>
      (await new AxeBuilder({ page }).include("[role=dialog]").analyze()).violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help}`);
    await signInAs(page, "admin@acme.test");
    const dialog = await openWizard(page);
    expect(await serious()).toEqual([]);
    await dialog.getByLabel("Email address").fill(newPerson("Axe").email);
    await next(page, "Profile");
    expect(await serious()).toEqual([]);
    await dialog.getByLabel("First name").fill("Axe");
    await dialog.getByLabel("Last name").fill("Checker");
    await next(page, "Access");
    await dialog.getByLabel("Add immediately").check();
    await dialog.getByLabel("Type a password").check();
    expect(await serious()).toEqual([]);
    // The label reads "Password*": its required marker is hidden from screen readers, not from the label text.
    await dialog.getByLabel(/^Password\b/).fill("quiet-meadow-lantern-5512");
    await dialog.getByLabel("Confirm password").fill("quiet-meadow-lantern-5512");
    await next(page, "Rights");
    await dialog.getByRole("button", { name: "Add a workspace" }).click();
    expect(await serious()).toEqual([]);
    await next(page, "License");
    expect(await serious()).toEqual([]);
    await next(page, "Confirm");
    expect(await serious()).toEqual([]);
  });

  test("an existing member's email is refused, with a link to their panel", async ({ page }) => {
    const member = await createAcmeUser();
    await signInAs(page, "admin@acme.test");
    const dialog = await openWizard(page);
    await dialog.getByLabel("Email address").fill(member.email.toUpperCase());
    await dialog.getByRole("button", { name: "Next" }).click();
    await expect(dialog.getByRole("alert").filter({ hasText: `${fullName(member)} is already a member of this clientspace.` })).toBeVisible();
    await expect(dialog.getByRole("heading", { name: "Email", exact: true })).toBeVisible();
    const link = dialog.getByRole("link", { name: "Open their panel" });
    await expect(link).toHaveAttribute("href", `/admin/users?user=${member.id}`);
    expect(await accountOf(member.email)).toHaveLength(1);

    await link.click();
    await expect(page.getByRole("dialog", { name: fullName(member), exact: true })).toBeVisible();
  });

  test("issue 10's takeover ends refused: Globex's admin 'adds' an Acme admin, learns nothing of them and cannot set their password", async ({ page, browser }) => {
    const victim = await createAcmeUser({ isAdmin: true });
    const [before] = await query<{ password_hash: string; session_version: number }>(`select password_hash, session_version from accounts where id = $1`, [victim.id]);
    await signInAs(page, "admin@globex.test");
    const dialog = await openWizard(page);
    await dialog.getByLabel("Email address").fill(victim.email);
    await next(page, "Profile");
    // The same wizard as for an unknown address: empty names to type, nothing of the person shown.
    await expect(dialog.getByLabel("First name")).toHaveValue("");
    await expect(dialog).not.toContainText(victim.lastName);
    await dialog.getByLabel("First name").fill("Mallory");
    await dialog.getByLabel("Last name").fill("Probe");
    await next(page, "Access");
    await dialog.getByLabel("Add immediately").check();
    await next(page, "Rights");
    await next(page, "License");
    await next(page, "Confirm");
    await dialog.getByRole("button", { name: "Create user" }).click();

    // No password was set, so none is shown: an invitation went out instead.
    const done = page.getByRole("dialog", { name: "User added" });
    await expect(done.getByText("Mallory Probe was invited by email: this address cannot be given a password here, so they join when they accept.")).toBeVisible();
    await expect(done.getByRole("button", { name: "Copy password" })).toHaveCount(0);

    // Their panel in Globex: the typed names, invited, and no way to set the password.
    await page.goto(`/admin/users?user=${victim.id}`);
    const panel = page.getByRole("dialog", { name: "Mallory Probe", exact: true });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole("button", { name: "Resend invitation" })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Reset password" })).toHaveCount(0);
    await expect(panel.getByRole("button", { name: "Unlock" })).toHaveCount(0);

    // The database: Acme's admin untouched, the Globex membership pending, the invitation sent.
    const [after] = await query<{ password_hash: string; session_version: number }>(`select password_hash, session_version from accounts where id = $1`, [victim.id]);
    expect(after).toEqual(before);
    const rows = await query<{ slug: string; joined: boolean; first_name: string; origin: string }>(
      `select c.slug, m.joined_at is not null as joined, m.first_name, m.origin from clientspace_memberships m
       join clientspaces c on c.id = m.clientspace_id where m.account_id = $1 order by c.slug`,
      [victim.id],
    );
    expect(rows).toEqual([
      { slug: "acme", joined: true, first_name: victim.firstName, origin: "created" },
      // Like any new person's until they accept: nothing tells Globex the address has an account.
      { slug: "globex", joined: false, first_name: "Mallory", origin: "created" },
    ]);
    const mails = await query<{ template: string }>(`select template from email_outbox where "to" = $1`, [victim.email]);
    expect(mails.map((m) => m.template)).toEqual(["invitation"]);

    // Acme's admin still signs in with their own password, in Acme only: Globex opens nothing yet.
    const theirs = await browser.newPage();
    await signIn(theirs, victim.email, victim.password);
    await expectSignedIn(theirs);
    await expect(theirs.getByRole("button", { name: /switch clientspace/i })).toHaveCount(0);
    await theirs.close();
  });
});
