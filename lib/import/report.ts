import { and, asc, count, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { importJobRows, importJobs, type ImportJob } from "@/db/schema";
import type { Db } from "@/db/types";
import type { Actor } from "@/lib/permissions";
import { csvRecord, UTF8_BOM } from "@/lib/transfer/cells";
import { sweepClientspaceOnList } from "./abandoned";
import type { Change } from "./classify";
import { loadImportJob, plannedCounts, statusOf, type ImportJobStatus } from "./job";
import { refuseUnlessMayImport, type Outcome, type PreviewCounts } from "./preview";

/**
 * The import's report (issue 5, requirement 8): counts, the failed rows with their reasons, the
 * error file, and the past imports. Before a run "failed" means refused by the preview; after,
 * by the run (which checks every row again).
 */

export const ERROR_HEADER = "Error";
const PAGE_MAX = 500;
const ERROR_FILE_CHUNK = 2000;

/** A row's outcome: the run's once it ran, else the preview's plan. */
const effective = sql<Outcome>`coalesce(${importJobRows.outcome}, ${importJobRows.planned})`;

/** `warnings`: values of the row left out (the rest applied); see lib/import/classify.ts. */
export type ReportRow = { rowNumber: number; outcome: Outcome; error: string | null; changes: Change[]; warnings: string[]; cells: string[] };

/** The rows shown: one outcome, or those applied with warnings. */
export type RowFilter = Outcome | "warned";

export type ImportReport = {
  job: ImportJobStatus;
  headers: string[];
  /** The preview's counts. */
  planned: PreviewCounts;
  /** What the run did (zero before it starts). */
  applied: PreviewCounts;
  /** Rows applied (or to apply, before the run) with some values left out. */
  warned: number;
  warnedRows: { rows: ReportRow[]; total: number; page: number; pageSize: number };
  failed: { rows: ReportRow[]; total: number; page: number; pageSize: number };
};

/** Rows with warnings: once a run started, only those it applied (a cancelled run's rest changed nothing). */
const warnedWhere = (job: ImportJob) => and(isNotNull(importJobRows.warnings), job.startedAt ? isNotNull(importJobRows.outcome) : undefined);

/** Rows of the job, paged by row number, optionally of one outcome (the preview table, the failed rows). */
export async function listImportRows(
  db: Db,
  actor: Actor,
  jobId: string,
  query: { outcome?: RowFilter; page?: number; pageSize?: number } = {},
): Promise<{ rows: ReportRow[]; total: number; page: number; pageSize: number }> {
  const job = await loadImportJob(db, actor, jobId);
  const pageSize = Math.min(Math.max(1, query.pageSize ?? 50), PAGE_MAX);
  const page = Math.max(1, query.page ?? 1);
  const where = and(
    eq(importJobRows.jobId, job.id),
    query.outcome === "warned" ? warnedWhere(job) : query.outcome ? sql`${effective} = ${query.outcome}` : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(importJobRows).where(where);
  const rows = await db
    .select({ rowNumber: importJobRows.rowNumber, outcome: effective, error: importJobRows.error, changes: importJobRows.changes, warnings: importJobRows.warnings, cells: importJobRows.raw })
    .from(importJobRows)
    .where(where)
    .orderBy(asc(importJobRows.rowNumber))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows: rows.map((r) => ({ ...r, changes: r.changes ?? [], warnings: r.warnings ?? [] })), total, page, pageSize };
}

/** How many rows carry warnings (the preview's, replaced by the run's for the rows it did). */
export async function warnedCount(db: Db, actor: Actor, jobId: string): Promise<number> {
  const job = await loadImportJob(db, actor, jobId);
  const [{ n }] = await db.select({ n: count() }).from(importJobRows).where(and(eq(importJobRows.jobId, job.id), warnedWhere(job)));
  return n;
}

export async function getImportReport(db: Db, actor: Actor, jobId: string, paging: { page?: number; pageSize?: number } = {}): Promise<ImportReport> {
  const job = await loadImportJob(db, actor, jobId);
  const status = statusOf(job);
  const warnedRows = await listImportRows(db, actor, jobId, { outcome: "warned", ...paging });
  return {
    job: status,
    headers: job.headers,
    planned: await plannedCounts(db, actor, jobId),
    applied: status.counts,
    warned: warnedRows.total,
    warnedRows,
    failed: await listImportRows(db, actor, jobId, { outcome: "error", ...paging }),
  };
}

/**
 * The error file: the failed rows as uploaded (original headers and cells) plus an "Error"
 * column, as CSV with a BOM, chunk by chunk so that a large file streams. Fixed and uploaded
 * again it imports: the mapping ignores the Error column (not a field).
 */
export async function* errorFileChunks(db: Db, actor: Actor, jobId: string): AsyncGenerator<string> {
  const job = await loadImportJob(db, actor, jobId);
  yield UTF8_BOM + csvRecord([...job.headers, ERROR_HEADER]);
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ rowNumber: importJobRows.rowNumber, raw: importJobRows.raw, error: importJobRows.error })
      .from(importJobRows)
      .where(and(eq(importJobRows.jobId, job.id), gt(importJobRows.rowNumber, after), sql`${effective} = 'error'`))
      .orderBy(asc(importJobRows.rowNumber))
      .limit(ERROR_FILE_CHUNK);
    if (rows.length === 0) return;
    yield rows.map((r) => csvRecord([...r.raw, r.error ?? ""])).join("");
    after = rows[rows.length - 1].rowNumber;
  }
}

export async function errorFileText(db: Db, actor: Actor, jobId: string): Promise<string> {
  let text = "";
  for await (const chunk of errorFileChunks(db, actor, jobId)) text += chunk;
  return text;
}

/** The error file's name: the uploaded name with "-errors.csv". */
export function errorFileName(fileName: string): string {
  return `${fileName.replace(/\.[^.]+$/, "")}-errors.csv`;
}

/** Past imports of the clientspace, newest first (a super-user sees their own). */
export async function listImportJobs(db: Db, actor: Actor, options: { limit?: number } = {}): Promise<ImportJobStatus[]> {
  refuseUnlessMayImport(actor);
  await sweepClientspaceOnList(db, actor.clientspaceId);
  const rows = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.clientspaceId, actor.clientspaceId), actor.isAdmin ? undefined : eq(importJobs.createdBy, actor.accountId)))
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(Math.min(options.limit ?? 20, 100));
  return rows.map(statusOf);
}
