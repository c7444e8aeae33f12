// Kept free of database imports: the app reads these to create a new clientspace's roles and to
// explain in the Access tab what a role allows.

export const WORKSPACE_PERMISSIONS = [
  "workspace.view",
  "workspace.objects.read",
  "workspace.objects.create",
  "workspace.objects.edit",
  "workspace.objects.delete",
  "workspace.objects.share",
  "workspace.users.view",
  "workspace.users.manage",
] as const;

export type WorkspacePermission = (typeof WORKSPACE_PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<WorkspacePermission, string> = {
  "workspace.view": "Open the workspace",
  "workspace.objects.read": "Read objects",
  "workspace.objects.create": "Create objects",
  "workspace.objects.edit": "Edit objects",
  "workspace.objects.delete": "Delete objects",
  "workspace.objects.share": "Share objects",
  "workspace.users.view": "See the workspace's users",
  "workspace.users.manage": "Manage the workspace's users (super-user)",
};

export type BuiltInRoleKey = "super_user" | "editor" | "viewer" | "no_access";

export type BuiltInRole = {
  key: BuiltInRoleKey;
  name: string;
  permissions: readonly WorkspacePermission[];
};

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { key: "super_user", name: "Super-user", permissions: WORKSPACE_PERMISSIONS },
  {
    key: "editor",
    name: "Editor",
    permissions: [
      "workspace.view",
      "workspace.objects.read",
      "workspace.objects.create",
      "workspace.objects.edit",
      "workspace.objects.share",
      "workspace.users.view",
    ],
  },
  { key: "viewer", name: "Viewer", permissions: ["workspace.view", "workspace.objects.read"] },
  // A membership without rights still matters: the user is listed in the workspace and can be
  // given a role later without being invited again (SPEC section 5: the default role).
  { key: "no_access", name: "No access", permissions: [] },
];

export const DEFAULT_ROLE_KEY: BuiltInRoleKey = "no_access";
export const SUPER_USER_ROLE_KEY: BuiltInRoleKey = "super_user";
