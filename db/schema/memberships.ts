import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { firstConnectionKey, lastConnectionKey, licenseEndKey, licenseNameKey } from "./directory-keys";
import { licenseTypes } from "./licenses";
import { roles } from "./roles";
import { clientspaces, workspaces } from "./tenancy";

export const membershipOrigin = pgEnum("membership_origin", ["created", "invited", "imported", "api", "scim"]);
export const membershipKind = pgEnum("membership_kind", ["internal", "external"]);

// An account's place in one clientspace. The columns under "directory copies" repeat account
// fields so that the users page can filter, search and keyset-sort one table with indexes that
// lead with the tenant; database triggers (migration 0001) keep them equal to the account.
export const clientspaceMemberships = pgTable(
  "clientspace_memberships",
  {
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    origin: membershipOrigin("origin").notNull().default("created"),
    kind: membershipKind("kind").notNull().default("internal"),
    isAdmin: boolean("is_admin").notNull().default(false),
    isAuditor: boolean("is_auditor").notNull().default(false),
    title: text("title"),
    service: text("service"),
    phone: text("phone"),
    licenseTypeId: uuid("license_type_id").references(() => licenseTypes.id, { onDelete: "restrict" }),
    licenseStart: date("license_start", { mode: "string" }),
    licenseEnd: date("license_end", { mode: "string" }),
    disabled: boolean("disabled").notNull().default(false),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // Invitation state: invitedAt set and joinedAt null means "Invited".
    invitedAt: timestamp("invited_at", { withTimezone: true }),
    invitationExpiresAt: timestamp("invitation_expires_at", { withTimezone: true }),
    joinedAt: timestamp("joined_at", { withTimezone: true }),
    // What the inviting admin typed for a person whose account belongs to another clientspace:
    // until they accept, this clientspace sees these instead of the account (SPEC section 2, no
    // names across tenants). The directory copies below are filled from them (migration 0007).
    invitedFirstName: text("invited_first_name"),
    invitedLastName: text("invited_last_name"),
    invitedUsername: text("invited_username"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => accounts.id, { onDelete: "set null" }),
    // Optimistic concurrency: a save names the version it read.
    version: integer("version").notNull().default(1),

    // Directory copies (trigger-maintained, never written by application code).
    email: text("email").notNull().default(""),
    username: text("username").notNull().default(""),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    sortName: text("sort_name").notNull().default(""),
    search: text("search").notNull().default(""),
    firstConnectionAt: timestamp("first_connection_at", { withTimezone: true }),
    lastConnectionAt: timestamp("last_connection_at", { withTimezone: true }),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
    // The license type's name, so that the license column sorts by an index (migration 0003).
    licenseName: text("license_name"),
  },
  (t) => [
    primaryKey({ columns: [t.clientspaceId, t.accountId] }),
    index("cm_account_idx").on(t.accountId),
    index("cm_sort_name_idx").on(t.clientspaceId, t.sortName, t.accountId),
    index("cm_email_idx").on(t.clientspaceId, t.email, t.accountId),
    index("cm_username_idx").on(t.clientspaceId, t.username, t.accountId),
    index("cm_created_idx").on(t.clientspaceId, t.createdAt, t.accountId),
    index("cm_first_conn_idx").on(t.clientspaceId, firstConnectionKey(t.firstConnectionAt), t.accountId),
    index("cm_last_conn_idx").on(t.clientspaceId, lastConnectionKey(t.lastConnectionAt), t.accountId),
    index("cm_license_idx").on(t.clientspaceId, t.licenseTypeId, t.licenseEnd, t.accountId),
    index("cm_license_name_idx").on(t.clientspaceId, licenseNameKey(t.licenseName), t.accountId),
    index("cm_license_end_idx").on(t.clientspaceId, licenseEndKey(t.licenseEnd), t.accountId),
    index("cm_search_trgm_idx").using("gin", sql`${t.search} gin_trgm_ops`),
    // Status filters and counts (SPEC section 3) touch small subsets: partial indexes keep them cheap.
    index("cm_disabled_idx").on(t.clientspaceId, t.accountId).where(sql`${t.disabled}`),
    index("cm_locked_idx").on(t.clientspaceId, t.accountId).where(sql`${t.lockedAt} is not null`),
    index("cm_invited_idx")
      .on(t.clientspaceId, t.invitationExpiresAt, t.accountId)
      .where(sql`${t.joinedAt} is null and ${t.invitedAt} is not null`),
    index("cm_admin_idx").on(t.clientspaceId, t.accountId).where(sql`${t.isAdmin}`),
    index("cm_auditor_idx").on(t.clientspaceId, t.accountId).where(sql`${t.isAuditor}`),
    // Rare origins (api, scim, imported) are found here instead of by reading every row.
    index("cm_origin_idx").on(t.clientspaceId, t.origin, t.accountId),
  ],
);

export const workspaceMemberships = pgTable(
  "workspace_memberships",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.accountId] }),
    index("wm_clientspace_account_idx").on(t.clientspaceId, t.accountId),
    index("wm_workspace_role_idx").on(t.workspaceId, t.roleId, t.accountId),
    index("wm_role_idx").on(t.clientspaceId, t.roleId, t.accountId),
  ],
);

export type ClientspaceMembership = typeof clientspaceMemberships.$inferSelect;
export type NewClientspaceMembership = typeof clientspaceMemberships.$inferInsert;
export type WorkspaceMembership = typeof workspaceMemberships.$inferSelect;
