import { afterEach, describe, expect, it } from "vitest";
import { absoluteUrl, appUrl } from "./app-url";

const KEYS = ["APP_URL", "NEXTAUTH_URL", "PORT"] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function configure(env: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) {
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
}

describe("appUrl", () => {
  it("follows PORT when nothing else is configured, 3000 by default", () => {
    configure({ PORT: "4123" });
    expect(appUrl()).toBe("http://localhost:4123");
    expect(absoluteUrl("/invitation?token=t")).toBe("http://localhost:4123/invitation?token=t");
    configure({});
    expect(appUrl()).toBe("http://localhost:3000");
  });

  it("prefers APP_URL, then NEXTAUTH_URL, over the port, without a trailing slash", () => {
    configure({ PORT: "4123", NEXTAUTH_URL: "https://auth.example.test/" });
    expect(appUrl()).toBe("https://auth.example.test");
    configure({ PORT: "4123", NEXTAUTH_URL: "https://auth.example.test", APP_URL: "https://roster.example.test/base//" });
    expect(appUrl()).toBe("https://roster.example.test/base");
    expect(absoluteUrl("sign-in")).toBe("https://roster.example.test/base/sign-in");
    expect(absoluteUrl("https://elsewhere.test/x")).toBe("https://elsewhere.test/x");
  });
});
