import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { fullName, signInAs } from "./support/panel";
import { createAcmeUser, query, type TestUser } from "./support/db";

/** A last name no other test uses: the search below finds these users and nobody else. */
const uniqueLastName = (prefix: string) => `${prefix}${randomBytes(3).toString("hex")}`;

async function disableInDatabase(user: TestUser) {
  await query(`update clientspace_memberships set disabled = true, disabled_at = now() where account_id = $1`, [user.id]);
}

test.describe("bulk actions", () => {
  test("an admin disables every user matching a search, across pages; the report counts the one already disabled", async ({ page }) => {
    const lastName = uniqueLastName("Bulkdisable");
    // One more than a page (25), so that "all matching" reaches past the page shown.
    const users: TestUser[] = [];
    for (let i = 0; i < 26; i++) users.push(await createAcmeUser({ lastName, firstName: `Member${String.fromCharCode(65 + (i % 26))}` }));
    const already = users[7];
    await disableInDatabase(already);

    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${lastName}`);
    await page.getByRole("checkbox", { name: "Select all on this page" }).click();
    const bar = page.getByRole("region", { name: "Selection" });
    await expect(bar).toContainText("25 selected");
    await bar.getByRole("button", { name: "Select all 26 matching users" }).click();
    await expect(bar).toContainText("All 26 matching users selected");

    await bar.getByRole("group", { name: "Bulk actions" }).getByRole("button", { name: "Disable", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Disable 26 users?" });
    await expect(confirm).toContainText("They will be signed out at once and cannot sign in until enabled.");
    await confirm.getByRole("button", { name: "Disable", exact: true }).click();

    const report = page.getByRole("dialog", { name: "Users disabled" });
    await expect(report).toContainText("Done: 25 · Skipped: 1");
    await expect(report.getByRole("region", { name: "Skipped users" })).toContainText("Already disabled: 1");
    await expect(report).toContainText(fullName(already));
    await expect(page.getByText("Disabled: 25 users · Skipped: 1")).toBeVisible();
    // The selection ended with the run.
    await expect(bar).toBeHidden();
    await report.getByRole("button", { name: "Close", exact: true }).first().click();
    await expect(report).toBeHidden();

    const ids = users.map((u) => u.id);
    const rows = await query<{ disabled: boolean }>(`select disabled from clientspace_memberships where account_id = any(string_to_array($1, ',')::uuid[])`, [ids.join(",")]);
    expect(rows).toHaveLength(26);
    expect(rows.every((r) => r.disabled)).toBe(true);
    const events = await query<{ target_id: string }>(`select target_id from audit_events where action = 'user.disabled' and target_id = any(string_to_array($1, ','))`, [ids.join(",")]);
    expect(new Set(events.map((e) => e.target_id))).toEqual(new Set(ids.filter((id) => id !== already.id)));
    const [summary] = await query<{ after: { done: number; skipped: number; selection: { mode: string; filters: { q: string } } } }>(
      `select after from audit_events where action = 'users.bulk_disable' and after->'selection'->'filters'->>'q' = $1`,
      [lastName],
    );
    expect(summary.after).toMatchObject({ done: 25, skipped: 1, selection: { mode: "filter", filters: { q: lastName } } });
  });

  test("an admin adds two selected users to a workspace with a role", async ({ page }) => {
    const lastName = uniqueLastName("Bulkadd");
    const first = await createAcmeUser({ lastName, firstName: "Ada" });
    const second = await createAcmeUser({ lastName, firstName: "Grace" });

    await signInAs(page, "admin@acme.test");
    await page.goto(`/admin/users?q=${lastName}`);
    await page.getByRole("checkbox", { name: `Select ${fullName(first)}` }).click();
    await page.getByRole("checkbox", { name: `Select ${fullName(second)}` }).click();
    const bar = page.getByRole("region", { name: "Selection" });
    await expect(bar).toContainText("2 selected");

    await bar.getByRole("button", { name: "Add to workspace", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Add 2 users to a workspace?" });
    // Nothing is sent before a workspace and a role are chosen.
    await confirm.getByRole("button", { name: "Add to workspace", exact: true }).click();
    await expect(confirm.getByText("Choose a workspace.")).toBeVisible();
    await confirm.getByLabel("Workspace").selectOption({ label: "Finance" });
    await confirm.getByLabel("Role").selectOption({ label: "Viewer" });
    await confirm.getByRole("button", { name: "Add to workspace", exact: true }).click();

    const report = page.getByRole("dialog", { name: "Users added to Finance" });
    await expect(report).toContainText("Done: 2 · Skipped: 0");
    await expect(page.getByText("Added: 2 users.")).toBeVisible();

    const rows = await query<{ account_id: string; role: string }>(
      `select m.account_id, r.name as role from workspace_memberships m
       join workspaces w on w.id = m.workspace_id join roles r on r.id = m.role_id
       where w.name = 'Finance' and m.account_id = any(string_to_array($1, ',')::uuid[])`,
      [`${first.id},${second.id}`],
    );
    expect(rows.map((r) => [r.account_id, r.role]).sort()).toEqual([[first.id, "Viewer"], [second.id, "Viewer"]].sort());
    const events = await query<{ action: string }>(`select action from audit_events where target_id = any(string_to_array($1, ','))`, [`${first.id},${second.id}`]);
    expect(events.map((e) => e.action)).toEqual(["user.workspace_added", "user.workspace_added"]);
  });

  test("an auditor selects users but is offered no bulk action that changes them", async ({ page }) => {
    const lastName = uniqueLastName("Bulkaudit");
    const user = await createAcmeUser({ lastName });
    await signInAs(page, "auditor@acme.test");
    await page.goto(`/admin/users?q=${lastName}`);
    await page.getByRole("checkbox", { name: `Select ${fullName(user)}` }).click();
    const bar = page.getByRole("region", { name: "Selection" });
    await expect(bar).toContainText("1 selected");
    await expect(bar.getByRole("group", { name: "Bulk actions" })).toHaveCount(0);
    await expect(bar.getByRole("button", { name: "Disable", exact: true })).toHaveCount(0);
  });
});
