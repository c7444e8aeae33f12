import { describe, expect, it } from "vitest";
import { SERVER_ACTION_BODY_BYTES } from "@/lib/body-limits";
import { GRID_FIELDS, GRID_MAX_ROWS, gridSchema, type GridRow } from "./grid";

/**
 * The grid goes to the server as a server action, whose body limit is small (issue 10,
 * requirement 6): the schema bounds the whole grid so that any grid it accepts fits in that limit,
 * and a larger one is refused in the browser with a message instead of failing on the wire.
 */

const typical: GridRow = {
  id: "",
  username: "marie-helene.de-la-fontaine",
  email: "marie-helene.de-la-fontaine@subsidiary.example.com",
  lastName: "de La Fontaine-Dupont",
  firstName: "Marie-Hélène",
  title: "Senior Procurement Analyst, Indirect Spend",
  service: "Finance — Shared Services Centre",
  phone: "+33 6 12 34 56 78",
  roles: "Sales: Editor; Finance: Viewer; Research: No access",
  admin: "false",
  auditor: "false",
  workspaces: "Sales; Finance; Research",
  kind: "internal",
  sso: "true",
};

/** The request body a server action sends for `(null, values)`: its arguments as JSON. */
const bodyBytes = (rows: GridRow[]) => new TextEncoder().encode(JSON.stringify([null, { rows }])).length;

describe("the grid's size", () => {
  it("takes a full grid of typical rows, which fits the server actions' body limit", () => {
    const rows = Array.from({ length: GRID_MAX_ROWS }, () => ({ ...typical }));
    expect(Object.keys(typical)).toEqual(GRID_FIELDS.map((f) => f.id));
    expect(gridSchema.safeParse({ rows }).success).toBe(true);
    expect(bodyBytes(rows)).toBeLessThan(SERVER_ACTION_BODY_BYTES);
  });

  it("refuses a grid holding more text than one request carries, saying so and what to do", () => {
    // 1,000 lines of 14 cells of 1,000 characters each pass the per-cell and per-row rules.
    const full: GridRow = Object.fromEntries(GRID_FIELDS.map((f) => [f.id, "é".repeat(1_000)]));
    const result = gridSchema.safeParse({ rows: Array.from({ length: GRID_MAX_ROWS }, () => full) });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["rows"], message: "The grid holds 26.9 MB of text; one grid takes at most 1 MB. Import the rows as a file instead." }),
    ]);
  });

  it("counts the bytes the text takes on the wire, not its characters", () => {
    const rows = Array.from({ length: 40 }, () => Object.fromEntries(GRID_FIELDS.slice(0, 10).map((f) => [f.id, "€".repeat(1_000)])) as GridRow);
    // 400,000 characters, 1.2 MB in UTF-8.
    expect(gridSchema.safeParse({ rows }).success).toBe(false);
  });
});
