import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { clientspaces } from "./tenancy";

export const importJobStatus = pgEnum("import_job_status", [
  "uploaded",
  "previewed",
  "running",
  "cancelling",
  "cancelled",
  "completed",
  "interrupted",
  "failed",
]);
export const importRowOutcome = pgEnum("import_row_outcome", ["pending", "create", "update", "unchanged", "error"]);

export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => accounts.id, { onDelete: "set null" }),
    status: importJobStatus("status").notNull().default("uploaded"),
    fileName: text("file_name").notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull().default(0),
    format: text("format").notNull(),
    headers: jsonb("headers").$type<string[]>().notNull().default([]),
    mapping: jsonb("mapping").$type<Record<string, string | null>>().notNull().default({}),
    // strict: a value an optional column cannot apply refuses its row instead of a warning.
    options: jsonb("options").$type<{ sendInvitations?: boolean; strict?: boolean }>().notNull().default({}),
    // Lines before the header row that the reader skipped (a template's "version:v1.0", a title):
    // shown with the preview so the admin sees what was left out.
    preamble: jsonb("preamble").$type<string[]>().notNull().default([]),
    // The spreadsheet row of the header (after a preamble and blank lines): data rows follow it.
    headerRow: integer("header_row").notNull().default(1),
    rowsTotal: integer("rows_total").notNull().default(0),
    rowsDone: integer("rows_done").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    unchangedCount: integer("unchanged_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    // A running job refreshes this; a stale heartbeat after a restart marks the run interrupted.
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    // Why a run ended "interrupted" or "failed", written for the admin (never a silent half state).
    message: text("message"),
  },
  (t) => [
    index("import_jobs_clientspace_idx").on(t.clientspaceId, t.createdAt),
    // The sweep of abandoned previews ("previewed" for more than a day) across clientspaces.
    index("import_jobs_status_created_idx").on(t.status, t.createdAt),
  ],
);

export const importJobRows = pgTable(
  "import_job_rows",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => importJobs.id, { onDelete: "cascade" }),
    rowNumber: integer("row_number").notNull(),
    raw: jsonb("raw").$type<string[]>().notNull(),
    planned: importRowOutcome("planned").notNull().default("pending"),
    outcome: importRowOutcome("outcome"),
    error: text("error"),
    // The preview's fields that change (field, before, after), shown row by row before the run.
    changes: jsonb("changes").$type<{ field: string; before: string; after: string }[]>(),
    // Values of optional columns that could not be applied (the rest of the row was): the preview's
    // and the report's warnings. Null when there are none.
    warnings: jsonb("warnings").$type<string[]>(),
    accountId: uuid("account_id"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);

// "The import saves as an action": a named column mapping reused with later files.
export const importMappings = pgTable(
  "import_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientspaceId: uuid("clientspace_id")
      .notNull()
      .references(() => clientspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mapping: jsonb("mapping").$type<Record<string, string | null>>().notNull(),
    createdBy: uuid("created_by").references(() => accounts.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("import_mappings_clientspace_name_uq").on(t.clientspaceId, t.name)],
);

export type ImportJob = typeof importJobs.$inferSelect;
