import { describe, expect, it } from "vitest";
import { z } from "zod";
import { profileFieldsSchema } from "./profile-schema";

const parse = (fields: Record<string, unknown>) => profileFieldsSchema.safeParse({ firstName: "Ada", lastName: "Lovelace", ...fields });
const errorsOf = (fields: Record<string, unknown>) => {
  const result = parse(fields);
  return result.success ? {} : z.flattenError(result.error).fieldErrors;
};

describe("profile fields", () => {
  it.each(["Zoë", "José-María", "O’Brien", "d'Artagnan", "李", "Наталья", "محمد", "देवनागरी", "Mary Ann"])("accepts the name %s", (name) => {
    expect(parse({ firstName: name }).success).toBe(true);
  });

  it.each([
    ["R2D2", "A first name cannot contain digits."],
    ["Ada٣", "A first name cannot contain digits."],
    ["Ada!", "Use only letters, spaces, hyphens and apostrophes in the first name."],
    ["   ", "Enter the first name."],
    ["--", "A first name needs at least one letter."],
    ["a".repeat(101), "Keep the first name to 100 characters."],
  ])("refuses the name %j with one clear message", (name, message) => {
    expect(errorsOf({ firstName: name })).toEqual({ firstName: [message] });
  });

  it("trims names and makes inner runs of spaces one", () => {
    expect(parse({ firstName: "  Mary \t  Ann " }).data?.firstName).toBe("Mary Ann");
  });

  it("stores empty optional fields as null and leaves absent ones undefined (unchanged)", () => {
    const result = parse({ title: "  ", service: "", phone: "" });
    expect(result.data).toMatchObject({ title: null, service: null, phone: null });
    expect(parse({}).data).toEqual({ firstName: "Ada", lastName: "Lovelace" });
  });

  it("accepts usual phone numbers and refuses text", () => {
    for (const phone of ["+33 1 23 45 67 89", "(555) 010-0100", "01.23.45.67.89", "+1 555 0100 ext 12"]) {
      expect(parse({ phone }).success, phone).toBe(true);
    }
    for (const phone of ["call me", "+", "12 34 x"]) expect(errorsOf({ phone }).phone, phone).toHaveLength(1);
  });

  it("normalises the email to lower case and refuses an invalid one", () => {
    expect(parse({ email: " Ada@Example.TEST " }).data?.email).toBe("ada@example.test");
    expect(errorsOf({ email: "ada@" })).toEqual({ email: ["Enter a valid email address, like name@example.com."] });
  });

  it("bounds title and service", () => {
    expect(errorsOf({ title: "t".repeat(121), service: "s".repeat(121) })).toEqual({
      title: ["Keep the title to 120 characters."],
      service: ["Keep the service to 120 characters."],
    });
  });

  it.each([
    ["NUL", "\u0000"],
    ["a line break", "\n"],
    ["an escape", "\u001b"],
    ["a right-to-left override", "\u202E"],
    ["a bidi isolate", "\u2066"],
  ])("refuses %s in title, service and phone, with the field named", (_what, char) => {
    expect(errorsOf({ title: `Head of${char} sales`, service: `Sa${char}les`, phone: `+33 1${char}23` })).toEqual({
      title: ["Remove the invisible control or text-direction characters from the title."],
      service: ["Remove the invisible control or text-direction characters from the service."],
      phone: ["Remove the invisible control or text-direction characters from the phone number."],
    });
  });

  it("keeps letters of any script, emoji and right-to-left text written as such", () => {
    for (const title of ["Directrice générale", "مدير المبيعات", "営業部長", "Team lead 🚀"]) expect(parse({ title }).success, title).toBe(true);
  });
});
