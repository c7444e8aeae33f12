import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const clientspaces = pgTable("clientspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  // Settings (SPEC sections 3, 5, 8); one row per tenant keeps them next to what they govern.
  lockoutThreshold: integer("lockout_threshold").notNull().default(10),
  // Null: a locked account stays locked until an administrator unlocks it (the default); a number:
  // the lock lifts by itself after that many minutes (SPEC section 8).
  lockoutMinutes: integer("lockout_minutes"),
  inactivityDays: integer("inactivity_days").notNull().default(90),
  invitationHours: integer("invitation_hours").notNull().default(24),
  superUsersMayCreateUsers: boolean("super_users_may_create_users").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("workspaces_clientspace_name_uq").on(t.clientspaceId, t.name)],
);

export type Clientspace = typeof clientspaces.$inferSelect;
export type Workspace = typeof workspaces.$inferSelect;
