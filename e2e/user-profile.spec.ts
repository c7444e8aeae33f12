import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { alertWith } from "./support/auth";
import { createAcmeUser, query, type TestUser } from "./support/db";
import { fullName, openPanel, signInAs } from "./support/panel";

/** A tag of letters only: names with digits are refused by the profile rules (SPEC section 5). */
const letters = (n = 8) => Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join("");
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A fresh Acme member whose names the edit form accepts as they are. */
const createNamedUser = (firstName: string, options: Parameters<typeof createAcmeUser>[0] = {}) =>
  createAcmeUser({ ...options, firstName, lastName: capitalised(letters()) });

type Saved = { first_name: string; last_name: string; title: string | null; service: string | null; phone: string | null; version: number };
async function savedProfile(user: TestUser): Promise<Saved> {
  const [row] = await query<Saved>(
    `select a.first_name, a.last_name, m.title, m.service, m.phone, m.version
     from accounts a join clientspace_memberships m on m.account_id = a.id
     join clientspaces c on c.id = m.clientspace_id and c.slug = 'acme'
     where a.id = $1`,
    [user.id],
  );
  return row;
}

async function openEditDialog(page: Page, user: TestUser) {
  const panel = await openPanel(page, user);
  await panel.getByRole("button", { name: "Edit profile", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Edit the profile of ${fullName(user)}` });
  await expect(dialog.getByLabel("First name")).toHaveValue(user.firstName);
  return dialog;
}

test.describe("edit a user's profile", () => {
  test("an admin edits names, title, service and phone: the panel, the table and the database show them, with an audit event", async ({ page }) => {
    const user = await createNamedUser("Ada");
    await signInAs(page, "admin@acme.test");
    const dialog = await openEditDialog(page, user);
    await expect(dialog.getByLabel("Email")).toHaveValue(user.email);

    // The shared rules answer in the form before anything is sent.
    await dialog.getByLabel("First name").fill("Ada2");
    await dialog.getByRole("button", { name: "Save profile" }).click();
    await expect(alertWith(page, "A first name cannot contain digits.")).toBeVisible();
    expect((await savedProfile(user)).version).toBe(1);

    const lastName = `Lovelace-${capitalised(letters())}`;
    await dialog.getByLabel("First name").fill("Augusta");
    await dialog.getByLabel("Last name").fill(lastName);
    await dialog.getByLabel("Title").fill("Countess");
    await dialog.getByLabel("Service").fill("Analytical engines");
    await dialog.getByLabel("Phone").fill("+44 20 7946 0000");
    await dialog.getByRole("button", { name: "Save profile" }).click();
    const newName = `Augusta ${lastName}`;
    await expect(page.getByText(`${newName}’s profile is saved.`)).toBeVisible();
    await expect(dialog).toBeHidden();

    const panel = page.getByRole("dialog", { name: newName, exact: true });
    await expect(panel.getByText("Countess", { exact: true })).toBeVisible();
    await expect(panel.getByText("Analytical engines", { exact: true })).toBeVisible();
    await expect(panel.getByText("+44 20 7946 0000", { exact: true })).toBeVisible();

    expect(await savedProfile(user)).toEqual({
      first_name: "Augusta",
      last_name: lastName,
      title: "Countess",
      service: "Analytical engines",
      phone: "+44 20 7946 0000",
      version: 2,
    });
    const events = await query<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
      `select action, before, after from audit_events where target_id = $1 and action = 'user.profile_updated'`,
      [user.id],
    );
    expect(events).toEqual([
      {
        action: "user.profile_updated",
        before: { firstName: "Ada", lastName: user.lastName, title: null, service: null, phone: null },
        after: { firstName: "Augusta", lastName, title: "Countess", service: "Analytical engines", phone: "+44 20 7946 0000" },
      },
    ]);

    await page.goto(`/admin/users?q=${encodeURIComponent(lastName)}`);
    await expect(page.getByRole("table", { name: "Users" }).getByRole("link", { name: newName })).toBeVisible();
  });

  test("a save over someone else's newer save is refused with their name, keeps the typed values, and reloads without losing them", async ({ page }) => {
    const user = await createNamedUser("Charles");
    const other = await createNamedUser("Grace", { isAdmin: true });
    await signInAs(page, "admin@acme.test");
    const dialog = await openEditDialog(page, user);
    await dialog.getByLabel("Title").fill("Mine");
    await dialog.getByLabel("Service").fill("My service");

    // Another admin saves the user meanwhile, as updateMember would.
    await query(
      `update clientspace_memberships set title = 'Theirs', version = version + 1, updated_by = $2, updated_at = now()
       where account_id = $1 and clientspace_id = (select id from clientspaces where slug = 'acme')`,
      [user.id, other.id],
    );
    await dialog.getByRole("button", { name: "Save profile" }).click();
    const refusal = alertWith(page, `Changed by ${fullName(other)} at`);
    await expect(refusal).toBeVisible();
    await expect(refusal).toContainText("Reload to see their changes.");
    await expect(dialog.getByLabel("Title")).toHaveValue("Mine");
    await expect(dialog.getByLabel("Service")).toHaveValue("My service");
    expect(await savedProfile(user)).toMatchObject({ title: "Theirs", service: null, version: 2 });

    // Reload: the form keeps what was typed and shows what is saved now, so the edit can be re-applied.
    await dialog.getByRole("button", { name: "Reload" }).click();
    await expect(dialog.getByText("Saved now: “Theirs”.")).toBeVisible();
    await expect(dialog.getByLabel("Title")).toHaveValue("Mine");
    await expect(dialog.getByLabel("Service")).toHaveValue("My service");
    await dialog.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText(`${fullName(user)}’s profile is saved.`)).toBeVisible();
    expect(await savedProfile(user)).toMatchObject({ title: "Mine", service: "My service", version: 3 });
  });

  test("a member edits their own title at /account, without email or internal/external", async ({ page }) => {
    const member = await createNamedUser("Linus", { workspace: { name: "Sales", role: "viewer" } });
    await signInAs(page, member.email, member.password);
    await page.goto("/account");
    await page.getByRole("button", { name: "Edit profile", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit your profile" });
    await expect(dialog.getByLabel("First name")).toHaveValue("Linus");
    await expect(dialog.getByLabel("Email")).toHaveCount(0);
    await expect(dialog.getByLabel("Internal or external")).toHaveCount(0);

    await dialog.getByLabel("Title").fill("Archivist");
    await dialog.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Your profile is saved.")).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Archivist", { exact: true })).toBeVisible();
    expect(await savedProfile(member)).toMatchObject({ title: "Archivist", version: 2 });
    const [event] = await query<{ actor_account_id: string; after: unknown }>(
      `select actor_account_id, after from audit_events where target_id = $1 and action = 'user.profile_updated'`,
      [member.id],
    );
    expect(event).toEqual({ actor_account_id: member.id, after: { title: "Archivist" } });
  });
});
