import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { clientspaces } from "./tenancy";

export const auditSource = pgEnum("audit_source", ["ui", "import", "api", "scim", "system"]);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    clientspaceId: uuid("clientspace_id").references(() => clientspaces.id, { onDelete: "cascade" }),
    actorAccountId: uuid("actor_account_id").references(() => accounts.id, { onDelete: "set null" }),
    // The actor's name at the time: the log stays readable after the account is gone.
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    before: jsonb("before"),
    after: jsonb("after"),
    source: auditSource("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_clientspace_time_idx").on(t.clientspaceId, t.createdAt, t.id),
    index("audit_target_idx").on(t.clientspaceId, t.targetId, t.createdAt),
    index("audit_actor_idx").on(t.clientspaceId, t.actorAccountId, t.createdAt),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
