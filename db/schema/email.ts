import { bigint, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clientspaces } from "./tenancy";

export const emailStatus = pgEnum("email_status", ["pending", "sent", "failed"]);

// Every email is written here inside the transaction that caused it, then delivered after commit
// (by Resend when configured); without Resend it stays here for the development mailbox.
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    clientspaceId: uuid("clientspace_id").references(() => clientspaces.id, { onDelete: "set null" }),
    template: text("template").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    status: emailStatus("status").notNull().default("pending"),
    transport: text("transport"),
    providerId: text("provider_id"),
    error: text("error"),
    attempts: bigint("attempts", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("email_outbox_status_idx").on(t.status, t.id), index("email_outbox_to_idx").on(t.to, t.id)],
);

export type OutboxEmail = typeof emailOutbox.$inferSelect;
