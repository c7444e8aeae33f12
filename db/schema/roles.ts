import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clientspaces } from "./tenancy";

// Workspace roles. Each clientspace gets the four built-in ones; `key` identifies them in code.
export const roles = pgTable(
  "roles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    builtIn: boolean("built_in").notNull().default(false),
    permissions: text("permissions").array().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("roles_clientspace_key_uq").on(t.clientspaceId, t.key),
    uniqueIndex("roles_clientspace_name_uq").on(t.clientspaceId, t.name),
  ],
);

export type Role = typeof roles.$inferSelect;
