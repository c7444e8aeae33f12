import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { emailPreviewPolicy } from "../lib/security/headers";
import { watchCspViolations } from "./support/csp";
import { query } from "./support/db";
import { signInAs } from "./support/panel";

type Planted = { id: number; subject: string };

/** An email in a clientspace's outbox, as Roster would have written it, with a live-looking link. */
async function plantEmail(slug: "acme" | "globex", to: string): Promise<Planted> {
  const subject = `Reset your Roster password ${randomBytes(3).toString("hex")}`;
  const html = `<html><head><style>p { color: #334155 }</style></head><body><p>Hello,</p><p><a href="/reset-password?token=${slug}-live-token">Choose a new password</a></p></body></html>`;
  const [row] = await query<{ id: number }>(
    `insert into email_outbox (clientspace_id, template, "to", subject, html, text, transport)
     select id, 'password-reset', $1, $2, $3, 'Choose a new password', 'outbox' from clientspaces where slug = $4 returning id::int as id`,
    [to, subject, html, slug],
  );
  return { id: row.id, subject };
}

/** Each door of the mailbox answers 404 for this visitor: the list, the email, its HTML. */
async function expectNoMailbox(page: Page, email: Planted) {
  for (const path of ["/dev/mailbox", `/dev/mailbox/${email.id}`, `/dev/mailbox/${email.id}/html`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
  }
  await expect(page.getByText(email.subject)).toHaveCount(0);
  await expect(page.getByText(/live-token/)).toHaveCount(0);
}

test.describe("development mailbox", () => {
  test("a clientspace admin reads their clientspace's emails and follows a link from the framed message", async ({ page }) => {
    const to = `mailbox.${randomBytes(3).toString("hex")}@acme.test`;
    const acme = await plantEmail("acme", to);
    const globex = await plantEmail("globex", to);
    const violations = await watchCspViolations(page);
    await signInAs(page, "admin@acme.test");

    await page.goto("/dev/mailbox");
    await expect(page.getByText("every email Roster wrote for Acme")).toBeVisible();
    await page.getByLabel("Recipient").fill(to);
    await page.getByRole("button", { name: "Filter" }).click();
    const table = page.getByRole("table", { name: `Emails to ${to}, newest first` });
    await expect(table.getByRole("link", { name: acme.subject })).toBeVisible();
    await expect(table.getByRole("link", { name: globex.subject })).toHaveCount(0);

    await table.getByRole("link", { name: acme.subject }).click();
    await expect(page.getByRole("heading", { name: acme.subject, level: 1 })).toBeVisible();
    // The message is served by its own route into a sandboxed frame (frame-ancestors 'self').
    const message = page.frameLocator(`iframe[title="Message: ${acme.subject}"]`);
    await expect(message.getByRole("link", { name: "Choose a new password" })).toBeVisible();
    const served = await page.request.get(`/dev/mailbox/${acme.id}/html`);
    expect(served.headers()["content-security-policy"]).toBe(emailPreviewPolicy());
    expect(served.headers()["x-frame-options"]).toBe("SAMEORIGIN");
    await message.getByRole("link", { name: "Choose a new password" }).click();
    await expect(page).toHaveURL(/\/reset-password\?token=acme-live-token$/);
    expect(violations).toEqual([]);
  });

  test("anonymous visitors and a member get 404 from every door of the mailbox", async ({ page }) => {
    const email = await plantEmail("acme", `mailbox.${randomBytes(3).toString("hex")}@acme.test`);
    await expectNoMailbox(page, email);
    await signInAs(page, "member@acme.test");
    await expectNoMailbox(page, email);
  });

  test("an admin of Globex sees no Acme email: not in the list, not by id, not its HTML", async ({ page }) => {
    const to = `mailbox.${randomBytes(3).toString("hex")}@acme.test`;
    const acme = await plantEmail("acme", to);
    const globex = await plantEmail("globex", to);
    await signInAs(page, "admin@globex.test");

    await page.goto(`/dev/mailbox?${new URLSearchParams({ to })}`);
    await expect(page.getByRole("link", { name: globex.subject })).toBeVisible();
    await expect(page.getByRole("link", { name: acme.subject })).toHaveCount(0);
    await page.goto("/dev/mailbox");
    await expect(page.getByRole("link", { name: acme.subject })).toHaveCount(0);

    expect((await page.goto(`/dev/mailbox/${acme.id}`))?.status()).toBe(404);
    await expect(page.getByText(acme.subject)).toHaveCount(0);
    const html = await page.request.get(`/dev/mailbox/${acme.id}/html`);
    expect(html.status()).toBe(404);
    expect(await html.text()).not.toContain("acme-live-token");
  });
});
