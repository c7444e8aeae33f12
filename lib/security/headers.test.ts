import { describe, expect, it } from "vitest";
import { emailPreviewPolicy, newNonce, pagePolicy, securityHeaders, servedOverHttps } from "./headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("pagePolicy", () => {
  it("lets only this response's nonce run scripts in production, with no inline or eval", () => {
    const csp = directives(pagePolicy({ nonce: "abc123", dev: false, https: false }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval only for next dev, and upgrades requests only behind TLS", () => {
    expect(directives(pagePolicy({ nonce: "n", dev: true, https: false })).get("script-src")).toContain("'unsafe-eval'");
    expect(directives(pagePolicy({ nonce: "n", dev: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("emailPreviewPolicy", () => {
  it("runs no script, sandboxes the email and lets only the app frame it", () => {
    const csp = directives(emailPreviewPolicy());
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.has("script-src")).toBe(false);
    expect(csp.get("frame-ancestors")).toEqual(["'self'"]);
    expect(csp.get("sandbox")).not.toContain("allow-scripts");
    expect(csp.get("sandbox")).not.toContain("allow-same-origin");
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, new every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("servedOverHttps and securityHeaders", () => {
  it("sends HSTS only when the browser came over TLS, directly or through a proxy", () => {
    expect(servedOverHttps(new URL("https://roster.example.test/x"), null)).toBe(true);
    expect(servedOverHttps(new URL("http://10.0.0.5:3000/x"), "https")).toBe(true);
    expect(servedOverHttps(new URL("http://10.0.0.5:3000/x"), "HTTPS, http")).toBe(true);
    expect(servedOverHttps(new URL("http://10.0.0.5:3000/x"), "http")).toBe(false);
    expect(servedOverHttps(new URL("http://localhost:3000/x"), null)).toBe(false);

    const plain = securityHeaders({ csp: "x", https: false });
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ csp: "x", https: true })["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(plain).toMatchObject({
      "Content-Security-Policy": "x",
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(securityHeaders({ csp: "x", https: false, framedBySelf: true })["X-Frame-Options"]).toBe("SAMEORIGIN");
  });
});
