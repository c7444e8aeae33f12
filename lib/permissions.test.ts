import { describe, expect, it } from "vitest";
import { can, userScope, type Actor, type Permission, type TargetUser } from "./permissions";

const base: Actor = {
  accountId: "actor",
  clientspaceId: "cs",
  isAdmin: false,
  isAuditor: false,
  superUserWorkspaceIds: [],
  superUsersMayCreateUsers: true,
};
const admin: Actor = { ...base, isAdmin: true };
const auditor: Actor = { ...base, isAuditor: true };
const superUser: Actor = { ...base, superUserWorkspaceIds: ["sales"] };
const member: Actor = base;

// Accounts created in "cs" (their home), unless said otherwise.
const inSales: TargetUser = { accountId: "u1", isAdmin: false, isAuditor: false, workspaceIds: ["sales"], homeClientspaceId: "cs" };
const inFinance: TargetUser = { accountId: "u2", isAdmin: false, isAuditor: false, workspaceIds: ["finance"], homeClientspaceId: "cs" };
const inBoth: TargetUser = { accountId: "u3", isAdmin: false, isAuditor: false, workspaceIds: ["sales", "finance"], homeClientspaceId: "cs" };
const adminInSales: TargetUser = { ...inSales, accountId: "u4", isAdmin: true };
const auditorInSales: TargetUser = { ...inSales, accountId: "u5", isAuditor: true };
const fromElsewhere: TargetUser = { ...inSales, accountId: "u6", homeClientspaceId: "other-cs" };
const self = (a: Actor): TargetUser => ({ accountId: a.accountId, isAdmin: a.isAdmin, isAuditor: a.isAuditor, workspaceIds: ["sales"], homeClientspaceId: "cs" });

const userActions: Permission[] = [
  "users.view",
  "users.editProfile",
  "users.editKind",
  "users.changeWorkspaceRole",
  "users.addToWorkspace",
  "users.removeFromWorkspace",
  "users.changeClientspaceRights",
  "users.changeLicense",
  "users.changeStatus",
  "users.resetPassword",
  "users.unlock",
  "users.changeEmail",
  "users.changeSso",
  "users.sendResetLink",
  "users.removeFromClientspace",
  "users.delete",
];
const credentialActions: Permission[] = ["users.resetPassword", "users.unlock", "users.changeEmail", "users.changeSso"];

describe("permission table, SPEC section 2", () => {
  it("lets a clientspace admin do every user action to anyone in the clientspace", () => {
    for (const p of userActions) {
      expect(can(admin, p, { user: inFinance }), p).toBe(true);
      expect(can(admin, p, { user: adminInSales }), p).toBe(true);
    }
    expect(can(admin, "users.create", { workspaceIds: [] })).toBe(true);
    for (const p of ["users.import", "users.importCreate", "users.export", "audit.view", "settings.manage", "apiTokens.manage"] as const) {
      expect(can(admin, p), p).toBe(true);
    }
  });

  it("gives an auditor read-only access: view, export and the audit log, nothing else", () => {
    expect(can(auditor, "users.view", { user: inFinance })).toBe(true);
    expect(can(auditor, "directory.view")).toBe(true);
    expect(can(auditor, "users.export")).toBe(true);
    expect(can(auditor, "audit.view")).toBe(true);
    for (const p of userActions.filter((p) => p !== "users.view")) expect(can(auditor, p, { user: inFinance }), p).toBe(false);
    for (const p of ["users.create", "users.import", "settings.manage", "apiTokens.manage"] as const) {
      expect(can(auditor, p, { workspaceIds: ["sales"] }), p).toBe(false);
    }
  });

  it("limits a workspace super-user to the users of their own workspaces", () => {
    for (const p of ["users.view", "users.editProfile"] as const) {
      expect(can(superUser, p, { user: inSales }), p).toBe(true);
      expect(can(superUser, p, { user: inBoth }), p).toBe(true);
      expect(can(superUser, p, { user: adminInSales }), p).toBe(true);
      expect(can(superUser, p, { user: inFinance }), p).toBe(false);
    }
    expect(can(superUser, "users.changeWorkspaceRole", { user: inSales, workspaceIds: ["sales"] })).toBe(true);
    expect(can(superUser, "users.changeWorkspaceRole", { user: inBoth, workspaceIds: ["finance"] })).toBe(false);
    expect(can(superUser, "users.removeFromWorkspace", { user: inSales, workspaceIds: ["sales"] })).toBe(true);
    expect(can(superUser, "users.removeFromWorkspace", { user: inBoth, workspaceIds: ["finance"] })).toBe(false);
    for (const p of ["users.editKind", "users.changeEmail", "users.changeSso", "users.changeClientspaceRights", "users.changeLicense", "users.removeFromClientspace", "users.delete"] as const) {
      expect(can(superUser, p, { user: inSales }), p).toBe(false);
    }
    expect(can(superUser, "audit.view")).toBe(false);
    expect(can(superUser, "users.export")).toBe(true);
    expect(can(superUser, "users.import")).toBe(true);
    expect(can(superUser, "users.importCreate")).toBe(false);
  });

  it("lets a super-user act beyond the profile only on users whose rights do not exceed theirs", () => {
    const lowerRights = ["users.changeStatus", "users.changeWorkspaceRole", "users.addToWorkspace", "users.removeFromWorkspace", "users.resetPassword", "users.unlock", "users.sendResetLink"] as const;
    for (const p of lowerRights) {
      const inOwn = p.includes("Workspace") ? ["sales"] : undefined;
      expect(can(superUser, p, { user: inSales, workspaceIds: inOwn }), p).toBe(true);
      // An admin or an auditor of their workspace, or a user also in a workspace they do not manage.
      expect(can(superUser, p, { user: adminInSales, workspaceIds: inOwn }), p).toBe(false);
      expect(can(superUser, p, { user: auditorInSales, workspaceIds: inOwn }), p).toBe(false);
      expect(can(superUser, p, { user: inBoth, workspaceIds: inOwn }), p).toBe(false);
      expect(can(superUser, p, { user: inFinance, workspaceIds: inOwn }), p).toBe(false);
      // "May they at all": the bulk menu offers it.
      expect(can(superUser, p), p).toBe(true);
    }
  });

  it("lets a super-user create users only into their workspaces, and only when the clientspace allows it", () => {
    expect(can(superUser, "users.create", { workspaceIds: ["sales"] })).toBe(true);
    expect(can(superUser, "users.create", { workspaceIds: ["finance"] })).toBe(false);
    expect(can(superUser, "users.create", { workspaceIds: [] })).toBe(false);
    expect(can(superUser, "users.create")).toBe(true);
    expect(can({ ...superUser, superUsersMayCreateUsers: false }, "users.create")).toBe(false);
    expect(can(member, "users.create")).toBe(false);
    expect(can({ ...superUser, superUsersMayCreateUsers: false }, "users.create", { workspaceIds: ["sales"] })).toBe(false);
  });

  it("lets a super-user reset only passwords of users whose rights do not exceed theirs", () => {
    expect(can(superUser, "users.resetPassword", { user: inSales })).toBe(true);
    expect(can(superUser, "users.resetPassword", { user: inBoth })).toBe(false);
    expect(can(superUser, "users.resetPassword", { user: inFinance })).toBe(false);
    expect(can(superUser, "users.resetPassword", { user: adminInSales })).toBe(false);
    expect(can(superUser, "users.resetPassword", { user: auditorInSales })).toBe(false);
    expect(can(superUser, "users.resetPassword", { user: { ...inSales, workspaceIds: [] } })).toBe(false);
  });

  it("acts on credentials (password, lock, email, SSO) only from the account's home clientspace", () => {
    for (const p of credentialActions) {
      expect(can(admin, p, { user: inSales }), p).toBe(true);
      expect(can(admin, p, { user: fromElsewhere }), p).toBe(false);
      expect(can(admin, p, { user: { ...inSales, homeClientspaceId: null } }), p).toBe(false);
    }
    for (const p of ["users.resetPassword", "users.unlock"] as const) expect(can(superUser, p, { user: fromElsewhere }), p).toBe(false);
    // What any clientspace may do for them: send a reset link to their own address; and the rest of the table.
    expect(can(admin, "users.sendResetLink", { user: fromElsewhere })).toBe(true);
    expect(can(superUser, "users.sendResetLink", { user: fromElsewhere })).toBe(true);
    for (const p of ["users.changeStatus", "users.editProfile", "users.editKind", "users.removeFromClientspace"] as const) {
      expect(can(admin, p, { user: fromElsewhere }), p).toBe(true);
    }
  });

  it("lets a member see and edit only their own profile and change their own password", () => {
    expect(can(member, "users.view", { user: self(member) })).toBe(true);
    expect(can(member, "users.editProfile", { user: self(member) })).toBe(true);
    expect(can(member, "users.view", { user: inSales })).toBe(false);
    expect(can(member, "users.editProfile", { user: inSales })).toBe(false);
    expect(can(member, "directory.view")).toBe(false);
    expect(can(member, "self.changePassword")).toBe(true);
    for (const p of userActions.filter((p) => p !== "users.view" && p !== "users.editProfile")) {
      expect(can(member, p, { user: self(member) }), p).toBe(false);
    }
    for (const p of ["users.create", "users.import", "users.export", "audit.view", "settings.manage"] as const) {
      expect(can(member, p, { workspaceIds: ["sales"] }), p).toBe(false);
    }
  });

  it("never lets a self-only grant reach a named workspace: nobody raises their own rights", () => {
    expect(can(member, "users.changeWorkspaceRole", { user: self(member), workspaceIds: ["sales"] })).toBe(false);
    expect(can(superUser, "users.changeClientspaceRights", { user: self(superUser) })).toBe(false);
  });

  it("gives every role the self-service permissions", () => {
    for (const a of [admin, auditor, superUser, member]) {
      expect(can(a, "self.changePassword")).toBe(true);
      expect(can(a, "self.viewProfile")).toBe(true);
    }
  });

  it("scopes listings: all for admins and auditors, own workspaces for super-users, self for members", () => {
    expect(userScope(admin, "users.view")).toEqual({ kind: "clientspace" });
    expect(userScope(auditor, "users.export")).toEqual({ kind: "clientspace" });
    expect(userScope(superUser, "users.view")).toEqual({ kind: "workspaces", workspaceIds: ["sales"] });
    expect(userScope(member, "users.view")).toEqual({ kind: "self", accountId: "actor" });
    expect(userScope(member, "directory.view")).toBeNull();
    expect(userScope(superUser, "audit.view")).toBeNull();
  });

});
