import type { BadgeVariant } from "@/components/ui/badge";
import type { ColumnId, DirectoryParams, LicenseState, UserStatus } from "@/lib/users/directory-params";

/** The words the users page shows for each value, shared by the table, filters, chips and stats. */

export const STATUS_LABELS: Record<UserStatus, string> = {
  active: "Active",
  inactive: "Inactive",
  never_connected: "Never connected",
  invited: "Invited",
  invitation_expired: "Invitation expired",
  locked: "Locked",
  disabled: "Disabled",
};

export const STATUS_VARIANTS: Record<UserStatus, BadgeVariant> = {
  active: "success",
  inactive: "warning",
  never_connected: "neutral",
  invited: "info",
  invitation_expired: "warning",
  locked: "danger",
  disabled: "danger",
};

/** Most common first, for the filter list and the header cards (USER_STATUSES is precedence order). */
export const STATUS_DISPLAY_ORDER: UserStatus[] = ["active", "inactive", "never_connected", "invited", "invitation_expired", "locked", "disabled"];

export const LICENSE_STATE_LABELS: Record<LicenseState, string> = {
  none: "No license",
  active: "Active",
  not_started: "Not yet started",
  expired: "Expired",
};

export const ORIGIN_LABELS: Record<NonNullable<DirectoryParams["origin"]>[number], string> = {
  created: "Created here",
  invited: "Invited from another clientspace",
  imported: "Imported",
  api: "API",
  scim: "SCIM provisioning",
};

export const KIND_LABELS: Record<NonNullable<DirectoryParams["kind"]>, string> = {
  internal: "Internal",
  external: "External",
};

export const COLUMN_LABELS: Record<ColumnId, string> = {
  name: "Name",
  email: "Email",
  username: "Username",
  status: "Status",
  license: "License",
  licenseEnd: "License end",
  admin: "Rights",
  workspaces: "Workspaces",
  firstConnection: "First connection",
  lastConnection: "Last connection",
  created: "Created",
};
