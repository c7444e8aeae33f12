import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectSignedIn, leaveEndedSession, signIn } from "./support/auth";
import { createAcmeUser, query, type TestUser } from "./support/db";

const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async function signedInBrowser(browser: Browser, user: TestUser, userAgent?: string): Promise<Page> {
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  await expectSignedIn(page);
  return page;
}

const sessionCookie = async (page: Page) => (await page.context().cookies()).find((c) => c.name.includes("session-token"));
const liveSessions = async (accountId: string) =>
  query<{ id: string; user_agent: string | null }>(`select id, user_agent from account_sessions where account_id = $1 and revoked_at is null`, [accountId]);

test.describe("server-side sessions", () => {
  test("a session cookie copied into another browser is worthless once its owner signs out", async ({ page, browser }) => {
    const user = await createAcmeUser();
    await signIn(page, user.email, user.password);
    await expectSignedIn(page);

    // The copy works while the session lives…
    const thief = await browser.newContext();
    await thief.addCookies([(await sessionCookie(page))!]);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/account");
    await expectSignedIn(thiefPage);

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    const [row] = await query<{ revoked_reason: string | null }>(`select revoked_reason from account_sessions where account_id = $1`, [user.id]);
    expect(row.revoked_reason).toBe("signed_out");

    // …and not after. Being told so (a GET) deletes no cookie; "Sign in again" (a POST) does.
    await thiefPage.goto("/account");
    await expect(thiefPage).toHaveURL(/\/session-ended\?reason=ended$/);
    expect(await sessionCookie(thiefPage)).toBeDefined();
    await leaveEndedSession(thiefPage, "ended", "Your session has ended. Sign in again.");
    expect(await sessionCookie(thiefPage)).toBeUndefined();
    await thief.close();
  });

  test("Active sessions lists each browser and signs out one, then all others, keeping this one", async ({ page, browser }) => {
    const user = await createAcmeUser();
    const firefox = await signedInBrowser(browser, user, FIREFOX_WINDOWS);
    const iphone = await signedInBrowser(browser, user, SAFARI_IPHONE);
    await signIn(page, user.email, user.password);
    await expectSignedIn(page);

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Active sessions" }).click();
    await expect(page.getByRole("heading", { name: "Active sessions" })).toBeVisible();
    const table = page.getByRole("table", { name: "Active sessions" });
    await expect(table.getByRole("row")).toHaveCount(4);
    await expect(table.getByRole("row").filter({ hasText: "This device" })).toHaveCount(1);
    await expect(table.getByRole("row").filter({ hasText: "Firefox on Windows" })).toContainText("127.0.0.1");
    await expect(table.getByRole("row").filter({ hasText: "Safari on iOS" })).toBeVisible();

    await table.getByRole("button", { name: "Sign out Firefox on Windows" }).click();
    await expect(page.getByText("That session was signed out.")).toBeVisible();
    await expect(table.getByRole("row")).toHaveCount(3);
    expect((await liveSessions(user.id)).map((s) => s.user_agent)).not.toContain(FIREFOX_WINDOWS);
    await firefox.goto("/account");
    await expect(firefox).toHaveURL(/\/session-ended\?reason=ended$/);
    await iphone.goto("/account");
    await expectSignedIn(iphone);

    await page.getByRole("button", { name: "Sign out all other sessions" }).click();
    await expect(page.getByText("1 other session was signed out.")).toBeVisible();
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(page.getByRole("button", { name: "Sign out all other sessions" })).toBeDisabled();
    await iphone.goto("/account");
    await expect(iphone).toHaveURL(/\/session-ended\?reason=ended$/);
    await page.goto("/account");
    await expectSignedIn(page);
    expect(await liveSessions(user.id)).toHaveLength(1);
    const audit = await query<{ action: string }>(`select action from audit_events where target_id = $1 order by created_at`, [user.id]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["user.session_ended", "user.other_sessions_ended"]));
  });

  test("signing in again is refused from another site", async ({ request }) => {
    const res = await request.post("/session-ended/sign-in-again", { headers: { origin: "https://evil.example" }, form: { reason: "ended" }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(res.headers()["set-cookie"]).toBeUndefined();
  });
});
