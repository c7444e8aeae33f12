/**
 * SPEC section 2 as one table. Every door (server action, route handler, API, import) asks
 * `can()` here, with the target loaded from the actor's own clientspace.
 */

export type Actor = {
  accountId: string;
  clientspaceId: string;
  isAdmin: boolean;
  isAuditor: boolean;
  /** Workspaces of this clientspace where the actor holds the Super-user role. */
  superUserWorkspaceIds: readonly string[];
  /** Clientspace setting: may workspace super-users create users (SPEC section 2, default yes). */
  superUsersMayCreateUsers: boolean;
};

/** The user an action is aimed at, as seen in the actor's clientspace. */
export type TargetUser = {
  accountId: string;
  isAdmin: boolean;
  isAuditor: boolean;
  workspaceIds: readonly string[];
  /** The clientspace that created the account (SPEC section 2, "Who owns an identity"); null: none left. */
  homeClientspaceId: string | null;
};

export type Target = {
  user?: TargetUser;
  /** The workspace an action is about (role change, removal, add, create into). */
  workspaceIds?: readonly string[];
};

/**
 * How far a grant reaches:
 * - clientspace: every user of the clientspace
 * - ownWorkspaces: users sharing a workspace where the actor is super-user; a named workspace must be one of those
 * - ownWorkspacesIfAllowed: ownWorkspaces, when the clientspace lets super-users create users
 * - lowerRights: not admins or auditors, and in no workspace where the actor is not super-user
 * - self: the actor's own account
 */
export type Scope = "clientspace" | "ownWorkspaces" | "ownWorkspacesIfAllowed" | "lowerRights" | "self";

export type RoleName = "admin" | "auditor" | "superUser" | "self";

export const permissionTable = {
  "users.view": { admin: "clientspace", auditor: "clientspace", superUser: "ownWorkspaces", self: "self" },
  "users.create": { admin: "clientspace", superUser: "ownWorkspacesIfAllowed" },
  "users.editProfile": { admin: "clientspace", superUser: "ownWorkspaces", self: "self" },
  // Internal/external is an administrator's call: no "self" grant, no super-user grant.
  "users.editKind": { admin: "clientspace" },
  // Beyond names, title, service and phone, a super-user acts only on users whose rights do not
  // exceed theirs (SPEC section 2): status, workspace roles, removal, passwords.
  "users.changeWorkspaceRole": { admin: "clientspace", superUser: "lowerRights" },
  "users.addToWorkspace": { admin: "clientspace", superUser: "lowerRights" },
  "users.removeFromWorkspace": { admin: "clientspace", superUser: "lowerRights" },
  "users.changeClientspaceRights": { admin: "clientspace" },
  "users.changeLicense": { admin: "clientspace" },
  "users.changeStatus": { admin: "clientspace", superUser: "lowerRights" },
  // Credentials: only from the account's home clientspace (CREDENTIAL_PERMISSIONS below).
  "users.resetPassword": { admin: "clientspace", superUser: "lowerRights" },
  "users.unlock": { admin: "clientspace", superUser: "lowerRights" },
  "users.changeEmail": { admin: "clientspace" },
  "users.changeSso": { admin: "clientspace" },
  // What any clientspace may do for a member whose credentials it does not own: email them a reset
  // link to their own address (the person, not the admin, then chooses the password).
  "users.sendResetLink": { admin: "clientspace", superUser: "lowerRights" },
  "users.invite": { admin: "clientspace", superUser: "ownWorkspacesIfAllowed" },
  "users.removeFromClientspace": { admin: "clientspace" },
  "users.delete": { admin: "clientspace" },
  "users.import": { admin: "clientspace", superUser: "ownWorkspaces" },
  "users.importCreate": { admin: "clientspace" },
  "users.export": { admin: "clientspace", auditor: "clientspace", superUser: "ownWorkspaces" },
  "directory.view": { admin: "clientspace", auditor: "clientspace", superUser: "ownWorkspaces" },
  "audit.view": { admin: "clientspace", auditor: "clientspace" },
  "settings.manage": { admin: "clientspace" },
  "apiTokens.manage": { admin: "clientspace" },
  "self.changePassword": { admin: "self", auditor: "self", superUser: "self", self: "self" },
  "self.viewProfile": { admin: "self", auditor: "self", superUser: "self", self: "self" },
} as const satisfies Record<string, Partial<Record<RoleName, Scope>>>;

export type Permission = keyof typeof permissionTable;

/**
 * "Who owns an identity" (SPEC section 2), the rule above the table: an account is global, and its
 * password, email, lock and sign-in method open every clientspace it belongs to. So these act on a
 * user only from the account's home clientspace, whatever the role grants; elsewhere the answer is
 * "managed by their home organisation" and at most a reset link sent to the person.
 */
export const CREDENTIAL_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(["users.resetPassword", "users.unlock", "users.changeEmail", "users.changeSso"]);

/** Is this clientspace the home of the target's account? */
export const isHomeOf = (actor: Pick<Actor, "clientspaceId">, user: Pick<TargetUser, "homeClientspaceId">) => user.homeClientspaceId === actor.clientspaceId;

export function rolesOf(actor: Actor): RoleName[] {
  const roles: RoleName[] = ["self"];
  if (actor.isAdmin) roles.push("admin");
  if (actor.isAuditor) roles.push("auditor");
  if (actor.superUserWorkspaceIds.length > 0) roles.push("superUser");
  return roles;
}

function scopeAllows(actor: Actor, scope: Scope, target: Target): boolean {
  const own = new Set(actor.superUserWorkspaceIds);
  const named = target.workspaceIds ?? [];
  const namedAreOwn = named.every((w) => own.has(w));
  switch (scope) {
    case "clientspace":
      return true;
    case "self":
      return target.user?.accountId === actor.accountId && named.length === 0;
    case "ownWorkspacesIfAllowed":
      if (!actor.superUsersMayCreateUsers) return false;
      if (target.user) return namedAreOwn && target.user.workspaceIds.some((w) => own.has(w));
      // No target at all asks "may they at all" (the page's Add user button).
      if (!target.workspaceIds) return own.size > 0;
      // A new user is always created into at least one of the actor's workspaces.
      return named.length > 0 && namedAreOwn;
    case "ownWorkspaces":
      if (!namedAreOwn) return false;
      if (target.user) return target.user.workspaceIds.some((w) => own.has(w));
      return own.size > 0;
    case "lowerRights": {
      const u = target.user;
      if (!namedAreOwn) return false;
      // No user named asks "may they at all" (a bulk action's menu, a workspace it names).
      if (!u) return own.size > 0;
      return !u.isAdmin && !u.isAuditor && u.workspaceIds.length > 0 && u.workspaceIds.every((w) => own.has(w));
    }
  }
}

/** May the actor do `permission` on `target`? Without a target: may they do it to anyone at all. */
export function can(actor: Actor, permission: Permission, target: Target = {}): boolean {
  if (target.user && CREDENTIAL_PERMISSIONS.has(permission) && !isHomeOf(actor, target.user)) return false;
  const grants: Partial<Record<RoleName, Scope>> = permissionTable[permission];
  return rolesOf(actor).some((role) => {
    const scope = grants[role];
    if (!scope) return false;
    if (!target.user && !target.workspaceIds && scope === "self") return true;
    return scopeAllows(actor, scope, target);
  });
}

/** Which users of the clientspace a listing may show: all of them, those of some workspaces, or only the actor. */
export type UserScope = { kind: "clientspace" } | { kind: "workspaces"; workspaceIds: readonly string[] } | { kind: "self"; accountId: string };

export function userScope(actor: Actor, permission: Permission): UserScope | null {
  const grants: Partial<Record<RoleName, Scope>> = permissionTable[permission];
  const scopes = rolesOf(actor).map((r) => grants[r]).filter((s): s is Scope => Boolean(s));
  if (scopes.includes("clientspace")) return { kind: "clientspace" };
  if (scopes.some((s) => s !== "self") && actor.superUserWorkspaceIds.length > 0) {
    return { kind: "workspaces", workspaceIds: actor.superUserWorkspaceIds };
  }
  if (scopes.includes("self")) return { kind: "self", accountId: actor.accountId };
  return null;
}
