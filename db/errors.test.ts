import { describe, expect, it } from "vitest";
import { isForeignKeyViolation, isUniqueViolation } from "./errors";

describe("isUniqueViolation / isForeignKeyViolation", () => {
  it("reads the code of the error or of its cause", () => {
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("wrapped"), { cause: { code: "23505" } }))).toBe(true);
    expect(isForeignKeyViolation({ code: "23503" })).toBe(true);
    expect(isForeignKeyViolation(Object.assign(new Error("wrapped"), { cause: { code: "23503" } }))).toBe(true);
  });

  it("is false for anything else", () => {
    for (const err of [null, undefined, "23505", new Error("x"), { code: "40001" }, { cause: null }, { cause: { code: "23503" } }]) {
      expect(isUniqueViolation(err)).toBe(false);
    }
    expect(isForeignKeyViolation({ code: "23505" })).toBe(false);
  });
});
