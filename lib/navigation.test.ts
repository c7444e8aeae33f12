import { describe, expect, it } from "vitest";
import type { Actor } from "./permissions";
import { homeFor, navigationFor, profileHrefFor } from "./navigation";

const base: Actor = { accountId: "me", clientspaceId: "cs", isAdmin: false, isAuditor: false, superUserWorkspaceIds: [], superUsersMayCreateUsers: true };
const labels = (a: Actor) => navigationFor(a).map((i) => i.label);

describe("navigation by permission", () => {
  it("shows admins every section", () => {
    expect(labels({ ...base, isAdmin: true })).toEqual(["Users", "Audit log", "Settings"]);
  });
  it("shows auditors the users and the audit log, not settings", () => {
    expect(labels({ ...base, isAuditor: true })).toEqual(["Users", "Audit log"]);
  });
  it("shows super-users only the users", () => {
    expect(labels({ ...base, superUserWorkspaceIds: ["w"] })).toEqual(["Users"]);
  });
  it("sends members to their own profile", () => {
    expect(labels(base)).toEqual(["My profile"]);
    expect(profileHrefFor(base)).toBe("/account");
    expect(homeFor(base)).toBe("/account");
    expect(profileHrefFor({ ...base, isAdmin: true })).toBe("/admin/users?user=me");
  });
});
