import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { clientspaces } from "./tenancy";

// Per-user choices that follow the person across browsers (the users table's columns, for one).
export const userPreferences = pgTable(
  "user_preferences",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.clientspaceId, t.key] })],
);
