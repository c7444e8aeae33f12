import { describe, expect, it } from "vitest";
import { checkPasswordPolicy } from "./password-policy";
import { generatePassword, hashPassword, verifyPassword } from "./password";

const ctx = { email: "jean.dupont@acme.test", firstName: "Jean", lastName: "Dupont", username: "jean.dupont" };

describe("password policy", () => {
  it("accepts a long uncommon password", () => {
    expect(checkPasswordPolicy("violet-harbour-74-kettle", ctx)).toEqual([]);
  });
  it("refuses short passwords", () => {
    expect(checkPasswordPolicy("Sh0rt!pw", ctx)).toContain("Use at least 12 characters.");
  });
  it("refuses common passwords, also with digits tacked on", () => {
    expect(checkPasswordPolicy("qwerty123456", ctx).join()).toMatch(/too common/);
    expect(checkPasswordPolicy("password2026!!", ctx).join()).toMatch(/too common/);
    expect(checkPasswordPolicy("aaaaaaaaaaaaaa", ctx).join()).toMatch(/too common/);
  });
  it("refuses passwords containing the email, username or a name, ignoring case and accents", () => {
    expect(checkPasswordPolicy("my-jean.dupont-secret", ctx).join()).toMatch(/email address or name/);
    expect(checkPasswordPolicy("xx-DÜPONT-harbour-9", ctx).join()).toMatch(/email address or name/);
  });
});

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const h = await hashPassword("violet-harbour-74-kettle");
    expect(h.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(h, "violet-harbour-74-kettle")).toBe(true);
    expect(await verifyPassword(h, "violet-harbour-74-kettlE")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });
  it("generates passwords that pass the policy", () => {
    for (let i = 0; i < 50; i++) expect(checkPasswordPolicy(generatePassword(), ctx)).toEqual([]);
  });
});
