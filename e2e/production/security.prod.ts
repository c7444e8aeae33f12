import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed/demo-accounts";
import { watchCspViolations } from "../support/csp";
import { PROD_BRIDGE_TOKEN, PROD_DIST_DIR } from "./env";

const NONCE = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{22,})' 'strict-dynamic'(;|$)/;

/** The headers SPEC section 8 asks of every response, over plain http (no HSTS there). */
function expectSecurityHeaders(res: APIResponse) {
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).not.toContain("unsafe-eval");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["strict-transport-security"]).toBeUndefined();
}

function pageNonce(res: APIResponse): string {
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(NONCE);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  return NONCE.exec(csp)![1];
}

async function signInAsDemoAdmin(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email or username").fill("admin@acme.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
}

test.describe("a normal production build", () => {
  test("every kind of response carries the security headers: a page, a route handler, an API route, a 404, a static file", async ({ page, request }) => {
    const signIn = await request.get("/sign-in");
    expect(signIn.status()).toBe(200);
    expectSecurityHeaders(signIn);
    pageNonce(signIn);

    const api = await request.get("/api/auth/session");
    expect(api.status()).toBe(200);
    expectSecurityHeaders(api);

    const missing = await request.get("/dev/no-such-page");
    expect(missing.status()).toBe(404);
    expectSecurityHeaders(missing);

    const html = await signIn.text();
    const script = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1];
    const asset = await request.get(script);
    expect(asset.status()).toBe(200);
    expectSecurityHeaders(asset);

    // Behind a TLS-terminating proxy, HSTS and mixed-content upgrades come along.
    const tls = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
    expect(tls.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(tls.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");

    // The CSV export is a route handler behind the session.
    await signInAsDemoAdmin(page);
    const csv = await page.request.get("/admin/users/export?format=csv&scope=template");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expectSecurityHeaders(csv);
    const notFound = await page.request.get("/admin/no-such-page");
    expect(notFound.status()).toBe(404);
    expectSecurityHeaders(notFound);
  });

  test("the CSP nonce is on every script of the page and changes with every request", async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/sign-in", "/forgot-password"]) {
      const res = await request.get(path);
      const nonce = pageNonce(res);
      const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(3);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(3);
  });

  test("the demo admin signs in and works through the console without a single CSP violation", async ({ page }) => {
    const violations = await watchCspViolations(page);
    await signInAsDemoAdmin(page);
    const rows = page.getByRole("table", { name: "Users" }).locator("tbody tr");
    await expect(rows).toHaveCount(25);

    // The detail panel, then a dialog (the create wizard), then the import page.
    await rows.first().getByRole("link").first().click();
    await expect(page).toHaveURL(/[?&]user=/);
    await expect(page.getByRole("tab", { name: "Profile" })).toBeVisible();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Add user" }).click();
    const wizard = page.getByRole("dialog", { name: "Add a user" });
    await expect(wizard).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(wizard).toBeHidden();
    await page.goto("/admin/users/import");
    await expect(page.getByRole("heading", { name: "Import users", level: 1 })).toBeVisible();

    expect(violations).toEqual([]);
  });

  test("the test-only SQL route does not exist: 404 whatever is sent, and absent from the build", async ({ request }) => {
    const body = { text: "select email from accounts", params: [] };
    const attempts: Record<string, string>[] = [{}, { "x-e2e-token": PROD_BRIDGE_TOKEN }, { "x-e2e-token": PROD_BRIDGE_TOKEN, "content-type": "application/json" }];
    for (const headers of attempts) {
      const res = await request.post("/api/e2e/sql", { headers, data: body });
      expect(res.status()).toBe(404);
      expect(await res.text()).not.toContain("admin@acme.test");
    }
    const manifest = JSON.parse(readFileSync(resolve(PROD_DIST_DIR, "server/app-paths-manifest.json"), "utf8"));
    expect(Object.keys(manifest)).toContain("/dev/mailbox/[id]/html/route");
    expect(Object.keys(manifest).filter((route) => route.includes("e2e"))).toEqual([]);
  });
});
