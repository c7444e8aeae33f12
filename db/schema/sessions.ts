import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { clientspaces } from "./tenancy";

// One row per signed-in browser (SPEC section 8). The session cookie carries this row's id, and
// every request checks it here: signing out, ending a session from the profile, or disabling the
// person in the clientspace the session works in revokes the row, and the cookie is worth nothing.
export const accountSessions = pgTable(
  "account_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    // The clientspace the session works in now (it follows the clientspace switcher).
    clientspaceId: uuid("clientspace_id").references(() => clientspaces.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // Why it ended: "signed_out", "ended_by_user", "disabled", "removed", "password_changed", "locked".
    revokedReason: text("revoked_reason"),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
  },
  (t) => [
    index("account_sessions_account_idx").on(t.accountId, t.lastSeenAt),
    index("account_sessions_clientspace_idx").on(t.clientspaceId, t.accountId),
  ],
);

export type AccountSession = typeof accountSessions.$inferSelect;
