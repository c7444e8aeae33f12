import { describe, expect, it } from "vitest";
import { describeAction, describeChanges } from "./history";

describe("history wording", () => {
  it("names an action without its user prefix", () => {
    expect(describeAction("user.password_changed")).toBe("Password changed");
    expect(describeAction("user.locked")).toBe("Locked");
    expect(describeAction("workspace.role_changed")).toBe("Workspace role changed");
  });

  it("lists only the fields that changed, with readable values", () => {
    expect(
      describeChanges(
        { firstName: "Ann", isAdmin: false, workspaces: ["Sales"], phone: "", same: 1 },
        { firstName: "Anne", isAdmin: true, workspaces: ["Sales", "Finance"], phone: "+33 1", same: 1 },
      ),
    ).toEqual([
      { field: "First name", before: "Ann", after: "Anne" },
      { field: "Is admin", before: "no", after: "yes" },
      { field: "Workspaces", before: "Sales", after: "Sales, Finance" },
      { field: "Phone", before: "—", after: "+33 1" },
    ]);
  });

  it("reads a missing side as empty and a bare value as one field", () => {
    expect(describeChanges(null, { locked: true, failed_sign_ins: 10 })).toEqual([
      { field: "Locked", before: "—", after: "yes" },
      { field: "Failed sign ins", before: "—", after: "10" },
    ]);
    expect(describeChanges("old", "new")).toEqual([{ field: "Value", before: "old", after: "new" }]);
    expect(describeChanges({ license: { name: "Pro" } }, {})).toEqual([{ field: "License", before: '{"name":"Pro"}', after: "—" }]);
  });
});
