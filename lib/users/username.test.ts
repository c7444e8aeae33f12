import { describe, expect, it } from "vitest";
import { usernameBase } from "./username";

describe("usernameBase", () => {
  it.each([
    ["Zoë", "Ångström", "z@x.test", "zoe.angstrom"],
    ["Jean-Luc", "O’Brien", "j@x.test", "jean-luc.obrien"],
    ["Mary Ann", "de la Cruz", "m@x.test", "mary-ann.de-la-cruz"],
    ["Søren", "Großmann", "s@x.test", "soren.grossmann"],
    ["Łukasz", "Żółć", "l@x.test", "lukasz.zolc"],
  ])("%s %s -> %s", (first, last, email, expected) => {
    expect(usernameBase(first, last, email)).toBe(expected);
  });

  it("falls back to the email's local part when a name has no Latin letter", () => {
    expect(usernameBase("小龙", "李", "Xiao.Long@example.test")).toBe("xiao.long");
    expect(usernameBase("Ольга", "Petrova", "olga+work@example.test")).toBe("olgawork");
    expect(usernameBase("李", "王", "@example.test")).toBe("user");
  });

  it("keeps room for a suffix", () => {
    expect(usernameBase("A".repeat(80), "B", "x@y.test").length).toBeLessThanOrEqual(60);
  });
});
