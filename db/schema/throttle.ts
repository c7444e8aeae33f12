import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

// Throttling counted in the database, so that it holds across instances (SPEC section 8): one row
// per (bucket, key) — e.g. ("sign-in:address", "203.0.113.7") or ("forgot-password:address", ip) —
// counting hits since `windowStartedAt`, and refusing until `blockedUntil` when a rule says so.
export const throttleCounters = pgTable(
  "throttle_counters",
  {
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    hits: integer("hits").notNull().default(0),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
    blockedUntil: timestamp("blocked_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] })],
);

export type ThrottleCounter = typeof throttleCounters.$inferSelect;
