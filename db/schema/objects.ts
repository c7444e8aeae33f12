import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { clientspaces, workspaces } from "./tenancy";

// The platform's business objects, thin: enough for the Statistics tab and the delete check.
export const objects = pgTable(
  "objects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    // restrict: an account that is responsible for objects cannot be deleted (SPEC section 2).
    responsibleAccountId: uuid("responsible_account_id").references(() => accounts.id, { onDelete: "restrict" }),
    modifiedByAccountId: uuid("modified_by_account_id").references(() => accounts.id, { onDelete: "set null" }),
    modifiedAt: timestamp("modified_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("objects_responsible_idx").on(t.clientspaceId, t.responsibleAccountId),
    index("objects_modified_by_idx").on(t.clientspaceId, t.modifiedByAccountId, t.modifiedAt),
    index("objects_workspace_idx").on(t.workspaceId),
  ],
);

export type BusinessObject = typeof objects.$inferSelect;
