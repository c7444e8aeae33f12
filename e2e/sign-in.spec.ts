import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../db/seed/demo-accounts";
import { alertWith, expectSignedIn, signIn } from "./support/auth";
import { createAcmeUser, query } from "./support/db";

test.describe("sign-in", () => {
  test("a signed-out visitor is sent to the sign-in page", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  const expectations: Record<string, { home: RegExp; nav: string[] }> = {
    "admin@acme.test": { home: /\/admin\/users$/, nav: ["Users", "Audit log", "Settings"] },
    "auditor@acme.test": { home: /\/admin\/users$/, nav: ["Users", "Audit log"] },
    "super@acme.test": { home: /\/admin\/users$/, nav: ["Users"] },
    "member@acme.test": { home: /\/account$/, nav: ["My profile"] },
  };

  for (const account of DEMO_ACCOUNTS) {
    test(`${account.email} signs in and sees what the role allows`, async ({ page }) => {
      const before = await query<{ last: string | null }>(`select last_connection_at as last from accounts where email = $1`, [account.email]);
      await signIn(page, account.email, DEMO_PASSWORD);
      const expected = expectations[account.email];
      await expect(page).toHaveURL(expected.home);
      await expectSignedIn(page);
      await expect(page.getByText("Acme").first()).toBeVisible();
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText(expected.nav);
      const [after] = await query<{ last: string }>(`select last_connection_at as last from accounts where email = $1`, [account.email]);
      expect(new Date(after.last).getTime()).toBeGreaterThan(before[0]?.last ? new Date(before[0].last).getTime() : 0);
    });
  }

  test("a member cannot open admin pages: the server answers not found", async ({ page }) => {
    await signIn(page, "member@acme.test", DEMO_PASSWORD);
    await expectSignedIn(page);
    for (const path of ["/admin/users", "/admin/audit", "/admin/settings"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
  });

  test("signs in by username too, and signs out", async ({ page }) => {
    const user = await createAcmeUser();
    await signIn(page, user.username.toUpperCase(), user.password);
    await expectSignedIn(page);
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a wrong password and an unknown account get the same message", async ({ page }) => {
    const user = await createAcmeUser();
    await signIn(page, user.email, "not-the-right-password");
    await expect(alertWith(page, "The email, username or password is incorrect.")).toBeVisible();
    await signIn(page, "nobody-here@acme.test", "not-the-right-password");
    await expect(alertWith(page, "The email, username or password is incorrect.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
    const [row] = await query<{ failed: number }>(`select failed_sign_in_count as failed from accounts where id = $1`, [user.id]);
    expect(row.failed).toBe(1);
  });

  test("10 wrong passwords lock the account until an admin unlocks it", async ({ page }) => {
    const user = await createAcmeUser();
    for (let i = 1; i <= 10; i++) {
      // The sign-in delays (lib/throttle/rules.ts) are forgotten between tries: this test is about the lock.
      await query(`delete from throttle_counters`);
      await signIn(page, user.email, `wrong-password-${i}`);
      await expect(alertWith(page, "incorrect")).toBeVisible();
    }
    // A wrong password on the locked account answers as for an unknown one; only the right one learns "locked".
    await query(`delete from throttle_counters`);
    await signIn(page, user.email, "wrong-password-11");
    await expect(alertWith(page, "incorrect")).toBeVisible();
    await query(`delete from throttle_counters`);
    await signIn(page, user.email, user.password);
    await expect(alertWith(page, "This account is locked")).toBeVisible();
    const [locked] = await query<{ locked_at: string | null; failed: number }>(
      `select locked_at, failed_sign_in_count as failed from accounts where id = $1`,
      [user.id],
    );
    expect(locked.locked_at).not.toBeNull();
    expect(locked.failed).toBe(10);
    const audit = await query(`select 1 from audit_events where target_id = $1 and action = 'user.locked'`, [user.id]);
    expect(audit).toHaveLength(1);

    // The admin's unlock, done in the database until the unlock button exists.
    await query(`update accounts set locked_at = null, failed_sign_in_count = 0 where id = $1`, [user.id]);
    await query(`delete from throttle_counters`);
    await signIn(page, user.email, user.password);
    await expectSignedIn(page);
  });
});
