import type { Page } from "@playwright/test";

/**
 * Collects every Content-Security-Policy violation the browser reports on any page the test opens:
 * the `securitypolicyviolation` event and the console's CSP messages. Assert it stays empty.
 */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => {
    seen.push(text);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.documentURI}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy|Permissions-Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}
