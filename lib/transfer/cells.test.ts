import { describe, expect, it } from "vitest";
import { csvField, csvRecord, neutraliseFormula, restoreNeutralised } from "./cells";

describe("spreadsheet-safe cells", () => {
  it.each(["=SUM(A1)", "+33 1 23", "-2+3", "@cmd", "\tx", "\rx"])("neutralises %j and restores it", (value) => {
    const safe = neutraliseFormula(value);
    expect(safe).toBe(`'${value}`);
    expect(restoreNeutralised(safe)).toBe(value);
  });

  it.each(["'+1 line", "''=x", "'-"])("guards %j, which already starts with apostrophes, so that it comes back as written", (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
    expect(restoreNeutralised(neutraliseFormula(value))).toBe(value);
  });

  it("leaves ordinary text alone, including a leading apostrophe that was typed", () => {
    expect(neutraliseFormula("Ada")).toBe("Ada");
    expect(restoreNeutralised("'tis")).toBe("'tis");
  });

  it("quotes fields as RFC 4180 says and ends records with CRLF", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvRecord(["a", "b,c", "=1+1"])).toBe("a,\"b,c\",'=1+1\r\n");
  });
});
