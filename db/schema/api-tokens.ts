import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { clientspaces } from "./tenancy";

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // SHA-256 of the secret; the first characters are kept to recognise the token in lists.
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdBy: uuid("created_by").references(() => accounts.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_clientspace_idx").on(t.clientspaceId)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
