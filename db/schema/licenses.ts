import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clientspaces } from "./tenancy";

export const licenseTypes = pgTable(
  "license_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    seatLimit: integer("seat_limit").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("license_types_clientspace_name_uq").on(t.clientspaceId, t.name)],
);

export type LicenseType = typeof licenseTypes.$inferSelect;
