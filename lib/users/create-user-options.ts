import { DEFAULT_ROLE_KEY } from "@/db/seed/roles";
import { can, type Actor } from "@/lib/permissions";

type Facets = {
  workspaces: { id: string; name: string }[];
  roles: { id: string; key: string; name: string }[];
  licenseTypes: { id: string; name: string; seatLimit: number }[];
};

/** What the create-user wizard offers this actor; the server checks every choice again. */
export type CreateUserOptions = {
  /** Only the workspaces the actor may create users into (a super-user's own). */
  workspaces: { id: string; name: string }[];
  roles: { id: string; name: string }[];
  /** SPEC section 5: a workspace starts with "No access". */
  defaultRoleId: string;
  mayGrantRights: boolean;
  /** Empty when the actor may not assign licenses: the step is not shown. */
  licenseTypes: { id: string; name: string; seatLimit: number }[];
  mayAssignLicense: boolean;
  /** A super-user's user must go into at least one of their workspaces. */
  workspaceRequired: boolean;
};

export function createUserOptions(actor: Actor, facets: Facets): CreateUserOptions {
  const mayAssignLicense = can(actor, "users.changeLicense");
  const fallbackRole = facets.roles.find((r) => r.key === DEFAULT_ROLE_KEY) ?? facets.roles[0];
  return {
    workspaces: facets.workspaces.filter((w) => can(actor, "users.create", { workspaceIds: [w.id] })),
    roles: facets.roles.map(({ id, name }) => ({ id, name })),
    defaultRoleId: fallbackRole?.id ?? "",
    mayGrantRights: can(actor, "users.changeClientspaceRights"),
    licenseTypes: mayAssignLicense ? facets.licenseTypes : [],
    mayAssignLicense,
    workspaceRequired: !can(actor, "users.create", { workspaceIds: [] }),
  };
}
