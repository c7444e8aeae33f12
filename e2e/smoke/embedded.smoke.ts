import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed/demo-accounts";
import { watchCspViolations } from "../support/csp";

test("npm run dev on the embedded database: the demo admin signs in and sees Acme's users", async ({ page }) => {
  const violations = await watchCspViolations(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email or username").fill("admin@acme.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  const rows = page.getByRole("table", { name: "Users" }).locator("tbody tr");
  await expect(rows).toHaveCount(25);
  await expect(page.getByText(/^\d[\d,]* users$/).first()).toBeVisible();
  // The development server's CSP (eval allowed for React's dev tools) lets it all run.
  expect(violations).toEqual([]);
});
