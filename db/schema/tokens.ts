import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { clientspaces } from "./tenancy";

export const tokenPurpose = pgEnum("token_purpose", ["invitation", "password_reset"]);

// Single-use links. Only the SHA-256 of the token is stored; the token itself lives in the email.
export const accountTokens = pgTable(
  "account_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    purpose: tokenPurpose("purpose").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    clientspaceId: uuid("clientspace_id").references(() => clientspaces.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => accounts.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    // Set when a newer link replaces this one (resend) so that only the newest works.
    voidedAt: timestamp("voided_at", { withTimezone: true }),
  },
  (t) => [index("account_tokens_account_idx").on(t.accountId, t.purpose)],
);

export type AccountToken = typeof accountTokens.$inferSelect;
