import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clientspaces } from "./tenancy";

// One person, global across clientspaces (SPEC section 1).
export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    username: text("username").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    // Null until the person sets a password (invitation not yet accepted, or SSO only).
    passwordHash: text("password_hash"),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    failedSignInCount: integer("failed_sign_in_count").notNull().default(0),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
    firstConnectionAt: timestamp("first_connection_at", { withTimezone: true }),
    lastConnectionAt: timestamp("last_connection_at", { withTimezone: true }),
    sso: boolean("sso").notNull().default(false),
    // The clientspace that created the account (SPEC section 2, "Who owns an identity"): only its
    // admins set or reset the password, change the email or unlock with a password. Set by the
    // database when the first membership that is not an invitation is inserted (migration 0007).
    homeClientspaceId: uuid("home_clientspace_id").references(() => clientspaces.id, { onDelete: "set null" }),
    // Bumped whenever every session of the account must end (password change, lock, disable).
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("accounts_email_lower_uq").on(sql`lower(${t.email})`),
    uniqueIndex("accounts_username_uq").on(t.username),
    index("accounts_home_idx").on(t.homeClientspaceId),
  ],
);

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
