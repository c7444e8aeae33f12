import { performance } from "node:perf_hooks";
import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { recordsOf } from "@/db/json-records";
import { accounts, importJobRows, importJobs, type ImportJob } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AuditActor } from "@/lib/audit";
import { checkSession } from "@/lib/auth/session-check";
import { DomainError, notFound } from "@/lib/errors";
import { can, type Actor } from "@/lib/permissions";
import type { ColumnMapping, ParsedTable } from "@/lib/transfer/fields";
import { UUID_RE } from "@/lib/users/directory-params";
import { runWrite, type WriteContext } from "@/lib/write";
import { applyPlan } from "./apply";
import { createInBulk, type CreateRow } from "./bulk-create";
import { classifyRow, type RowPlan } from "./classify";
import { loadImportContext } from "./context";
import { emptyCounts, firstDataRowOf, previewImport, refuseUnlessMayImport, type Outcome, type PreviewCounts, type PreviewResult } from "./preview";
import { fieldColumns, parseRow } from "./row-values";

/**
 * The import as a durable job (issue 5, requirement 7). The file's rows live in import_job_rows
 * with the preview's plan; a run takes them in order, a batch per transaction, and writes each
 * row's outcome in the same transaction as the row's changes and audit events. So a row's
 * outcome is set exactly when its effects committed: after a crash, the rows without an outcome
 * are exactly those not applied, and the run resumes from the first of them (none twice).
 *
 * Batches, not one transaction, and a savepoint per row: docs/decisions/007-bulk-batching.md.
 */

/**
 * Rows per batch: new users go in with a few multi-row statements (./bulk-create.ts), so a batch
 * may hold many; rows written one by one (updates) still end a batch at PER_ROW_BATCH_SIZE, for
 * the reasons above.
 */
export const IMPORT_BATCH_SIZE = 1000;
export const PER_ROW_BATCH_SIZE = 250;
/** On the embedded database a batch also ends once it has worked this long (docs/decisions/007-bulk-batching.md). */
export const EMBEDDED_BATCH_MS = 150;
/**
 * On PostgreSQL other requests have connections of their own, but a batch of 250 updates took
 * 8 s on a busy machine (bench:import): the first progress and a Cancel waited that long.
 */
export const SERVER_BATCH_MS = 1000;
const ROW_INSERT_CHUNK = 5000;
/** A running job whose heartbeat is older than this lost its runner (the server stopped). */
export const STALE_AFTER_MS = 30_000;

/** strict: a value an optional column cannot apply refuses the row instead of a warning. */
export type ImportOptions = { sendInvitations?: boolean; strict?: boolean };

export type NewImportJob = {
  fileName: string;
  fileSize?: number;
  format: string;
  table: ParsedTable;
  mapping: ColumnMapping;
  options?: ImportOptions;
};

export type RunnerOptions = {
  batchSize?: number;
  /** False: every row through the per-row path (the tests compare both paths). */
  setBased?: boolean;
  /** After each committed batch: the action delivers the emails queued in it. */
  afterBatch?: () => Promise<void>;
  now?: () => Date;
  /** A batch ends once it has worked this long (and applied a row): EMBEDDED_BATCH_MS or SERVER_BATCH_MS. */
  batchMs?: number;
};

export type ImportJobStatus = {
  id: string;
  status: ImportJob["status"];
  fileName: string;
  format: string;
  rowsTotal: number;
  rowsDone: number;
  /** What the run applied so far (all zero before it starts). */
  counts: PreviewCounts;
  message: string | null;
  sendInvitations: boolean;
  strict: boolean;
  /** Lines skipped before the header row. */
  preamble: string[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export const FINISHED: readonly ImportJob["status"][] = ["cancelled", "completed", "interrupted", "failed"];

const auditActorOf = (actor: Actor): AuditActor => ({ accountId: actor.accountId, label: "Import", clientspaceId: actor.clientspaceId });

export function statusOf(job: ImportJob): ImportJobStatus {
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    format: job.format,
    rowsTotal: job.rowsTotal,
    rowsDone: job.rowsDone,
    counts: { create: job.createdCount, update: job.updatedCount, unchanged: job.unchangedCount, error: job.errorCount },
    message: job.message,
    sendInvitations: job.options.sendInvitations === true,
    strict: job.options.strict === true,
    preamble: job.preamble,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/**
 * The job as the actor may see it: of their clientspace, and theirs unless they are admin
 * (a super-user's import is theirs; an admin oversees every import). Anything else is absent.
 */
export async function loadImportJob(db: Db, actor: Actor, jobId: string): Promise<ImportJob> {
  refuseUnlessMayImport(actor);
  if (!UUID_RE.test(jobId)) throw notFound("import");
  const [job] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, jobId), eq(importJobs.clientspaceId, actor.clientspaceId)));
  if (!job || (!actor.isAdmin && job.createdBy !== actor.accountId)) throw notFound("import");
  return job;
}

export async function getImportJob(db: Db, actor: Actor, jobId: string): Promise<ImportJobStatus> {
  return statusOf(await loadImportJob(db, actor, jobId));
}

async function writeRows(db: Db, jobId: string, table: ParsedTable, preview: PreviewResult) {
  for (let at = 0; at < preview.rows.length; at += ROW_INSERT_CHUNK) {
    const slice = preview.rows.slice(at, at + ROW_INSERT_CHUNK).map((r, i) => ({
      row_number: r.rowNumber,
      raw: table.rows[at + i],
      planned: r.outcome,
      error: r.error,
      changes: r.changes.length > 0 ? r.changes : null,
      warnings: r.warnings.length > 0 ? r.warnings : null,
      account_id: r.accountId,
    }));
    await db.execute(sql`
      insert into ${importJobRows} (job_id, row_number, raw, planned, error, changes, warnings, account_id)
      select ${jobId}::uuid, row_number, raw, planned, error, changes, warnings, account_id
      from ${recordsOf(slice, "row_number int, raw jsonb, planned import_row_outcome, error text, changes jsonb, warnings jsonb, account_id uuid")}`);
  }
}

/**
 * Stores the file's rows with their preview (status "previewed"). The rows go in by chunks, outside
 * one long transaction; the job says "uploaded" until the last chunk is in, and only a "previewed"
 * job can start, so a half-stored upload never runs.
 */
export async function createImportJob(db: Db, actor: Actor, input: NewImportJob): Promise<{ job: ImportJobStatus; preview: PreviewResult }> {
  const options = { sendInvitations: input.options?.sendInvitations === true, strict: input.options?.strict === true };
  const preview = await previewImport(db, actor, input.table, input.mapping, options);
  const [job] = await db
    .insert(importJobs)
    .values({
      clientspaceId: actor.clientspaceId,
      createdBy: actor.accountId,
      status: "uploaded",
      fileName: input.fileName,
      fileSize: input.fileSize ?? 0,
      format: input.format,
      headers: input.table.headers,
      mapping: input.mapping,
      options,
      preamble: input.table.preamble ?? [],
      headerRow: input.table.headerRow ?? 1,
      rowsTotal: input.table.rows.length,
    })
    .returning();
  await writeRows(db, job.id, input.table, preview);
  const [ready] = await db.update(importJobs).set({ status: "previewed" }).where(eq(importJobs.id, job.id)).returning();
  return { job: statusOf(ready), preview };
}

/** The stored rows' cells, in file order. */
async function storedTable(db: Db, job: ImportJob): Promise<ParsedTable> {
  const rows = await db.select({ raw: importJobRows.raw }).from(importJobRows).where(eq(importJobRows.jobId, job.id)).orderBy(asc(importJobRows.rowNumber));
  return { headers: job.headers, rows: rows.map((r) => r.raw), preamble: job.preamble, headerRow: job.headerRow };
}

function refuseUnlessPreviewed(job: ImportJob) {
  if (job.status !== "previewed") throw new DomainError("This import has already started: its mapping and options can no longer change.", "conflict");
}

/** A new mapping (and options) for a job not yet started: the preview is made again. */
export async function remapImportJob(
  db: Db,
  actor: Actor,
  jobId: string,
  input: { mapping: ColumnMapping; options?: ImportOptions },
): Promise<{ job: ImportJobStatus; preview: PreviewResult }> {
  const job = await loadImportJob(db, actor, jobId);
  refuseUnlessPreviewed(job);
  const table = await storedTable(db, job);
  const given = input.options ?? {};
  const options = {
    sendInvitations: (given.sendInvitations ?? job.options.sendInvitations) === true,
    strict: (given.strict ?? job.options.strict) === true,
  };
  const preview = await previewImport(db, actor, table, input.mapping, options);
  const claimed = await db
    .update(importJobs)
    .set({ status: "uploaded", mapping: input.mapping, options, heartbeatAt: sql`now()` })
    .where(and(eq(importJobs.id, job.id), eq(importJobs.status, "previewed")))
    .returning();
  if (claimed.length === 0) refuseUnlessPreviewed({ ...job, status: "running" });
  await db.delete(importJobRows).where(eq(importJobRows.jobId, job.id));
  await writeRows(db, job.id, table, preview);
  const [ready] = await db.update(importJobs).set({ status: "previewed" }).where(eq(importJobs.id, job.id)).returning();
  return { job: statusOf(ready), preview };
}

/** The planned counts of a stored preview. */
export async function plannedCounts(db: Db, actor: Actor, jobId: string): Promise<PreviewCounts> {
  const job = await loadImportJob(db, actor, jobId);
  const rows = await db
    .select({ planned: importJobRows.planned, n: sql<number>`count(*)::int` })
    .from(importJobRows)
    .where(eq(importJobRows.jobId, job.id))
    .groupBy(importJobRows.planned);
  const counts = emptyCounts();
  for (const r of rows) if (r.planned !== "pending") counts[r.planned] = r.n;
  return counts;
}

// ---------------------------------------------------------------------------------- the run

/**
 * The person who started the import, with their rights as they are now (not as they were at the
 * upload): a run that resumes after a restart acts with what the creator may still do.
 */
async function actorOfJob(db: Db, job: ImportJob): Promise<Actor | null> {
  if (!job.createdBy) return null;
  const [account] = await db.select({ sessionVersion: accounts.sessionVersion }).from(accounts).where(eq(accounts.id, job.createdBy));
  if (!account) return null;
  const check = await checkSession(db, { accountId: job.createdBy, sessionVersion: account.sessionVersion }, job.clientspaceId);
  if (!check.ok || !can(check.user, "users.import")) return null;
  return check.user;
}

type RowResult = { rowNumber: number; outcome: Outcome; error: string | null; accountId: string | null };

/** One row in a savepoint: all of it, or nothing and the refusal as its error. */
async function runRow(ctx: WriteContext, actor: Actor, plan: RowPlan, rowNumber: number, sendInvitations: boolean, now: Date): Promise<RowResult> {
  if (plan.outcome === "error") return { rowNumber, outcome: "error", error: plan.error, accountId: plan.accountId };
  const mark = ctx.audit.entries.length;
  try {
    const accountId = await ctx.tx.transaction((tx) => applyPlan({ ...ctx, tx }, actor, plan, { sendInvitations, now }));
    return { rowNumber, outcome: plan.outcome, error: null, accountId };
  } catch (err) {
    ctx.audit.entries.splice(mark);
    if (!(err instanceof DomainError)) throw err;
    return { rowNumber, outcome: "error", error: err.message, accountId: plan.accountId };
  }
}

/** The run's warnings per row (checked again at run time, like the rest of the plan). */
function warningsOf(plans: { rowNumber: number; plan: RowPlan }[]): Map<number, string[]> {
  return new Map(plans.map((p) => [p.rowNumber, p.plan.outcome === "error" ? [] : p.plan.warnings]));
}

async function saveResults(ctx: WriteContext, jobId: string, results: RowResult[], warnings: Map<number, string[]>) {
  const values = results.map((r) => {
    // A row refused at run time was not applied, so no value of it was "left out".
    const left = r.outcome === "error" ? [] : (warnings.get(r.rowNumber) ?? []);
    return { row_number: r.rowNumber, outcome: r.outcome, error: r.error, warnings: left.length > 0 ? left : null, account_id: r.accountId };
  });
  await ctx.tx.execute(sql`
    update import_job_rows as r set outcome = x.outcome, error = x.error, warnings = x.warnings, account_id = x.account_id
    from ${recordsOf(values, "row_number int, outcome import_row_outcome, error text, warnings jsonb, account_id uuid")}
    where r.job_id = ${jobId} and r.row_number = x.row_number`);
  const n = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  await ctx.tx
    .update(importJobs)
    .set({
      rowsDone: sql`${importJobs.rowsDone} + ${results.length}`,
      createdCount: sql`${importJobs.createdCount} + ${n("create")}`,
      updatedCount: sql`${importJobs.updatedCount} + ${n("update")}`,
      unchangedCount: sql`${importJobs.unchangedCount} + ${n("unchanged")}`,
      errorCount: sql`${importJobs.errorCount} + ${n("error")}`,
      heartbeatAt: sql`now()`,
    })
    .where(eq(importJobs.id, jobId));
}

/** Ends the job in the caller's transaction, with the run's summary in the audit log. */
async function finish(ctx: WriteContext, job: ImportJob, status: "completed" | "cancelled" | "interrupted" | "failed", message: string | null) {
  const [ended] = await ctx.tx.update(importJobs).set({ status, message, finishedAt: sql`now()` }).where(eq(importJobs.id, job.id)).returning();
  ctx.audit.record({
    action: "users.import_finished",
    targetType: "import",
    targetId: job.id,
    targetLabel: job.fileName,
    after: {
      status,
      rowsTotal: ended.rowsTotal,
      rowsDone: ended.rowsDone,
      created: ended.createdCount,
      updated: ended.updatedCount,
      unchanged: ended.unchangedCount,
      errors: ended.errorCount,
      ...(message ? { message } : {}),
    },
  });
}

/** Ends a job that cannot go on, outside any batch; the rows already done keep their outcome. */
async function endJob(db: Db, job: ImportJob, status: "interrupted" | "failed" | "cancelled", message: string | null) {
  const auditActor: AuditActor = { accountId: job.createdBy, label: "Import", clientspaceId: job.clientspaceId };
  await runWrite(db, auditActor, "import", async (ctx) => {
    const [current] = await ctx.tx.select().from(importJobs).where(eq(importJobs.id, job.id)).for("update");
    if (current && !FINISHED.includes(current.status)) await finish(ctx, current, status, message);
  });
}

/** A batch's end: the rows it applied, or the job's end. */
type BatchStep = number | "done";

/**
 * The thread left to the rest of the server between batches: turns of the event loop (timers, not
 * resolved promises, which never let a request in) for as long as others keep it busy, up to
 * `maxMs`, and one short turn when nothing waits. One turn was not enough: a page needs many
 * (routing, rendering, streaming), and each waited for a batch, 2.8 s for /sign-in (bench:import).
 */
async function yieldToRequests(maxMs = EMBEDDED_BATCH_MS) {
  const start = performance.now();
  for (;;) {
    const before = performance.eventLoopUtilization();
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
    if (performance.eventLoopUtilization(before).utilization < 0.5 || performance.now() - start >= maxMs) return;
  }
}

/** PGlite (db/open.ts): one connection, every statement on this thread. */
function embedded(db: Db): boolean {
  const client = (db as unknown as { $client?: unknown }).$client;
  return typeof client === "object" && client !== null && "dumpDataDir" in client;
}

/** The rows up to the PER_ROW_BATCH_SIZE-th that goes through the per-row path. */
function perRowCap<T extends { planned: string }>(rows: T[]): T[] {
  let perRow = 0;
  const end = rows.findIndex((r) => r.planned !== "create" && r.planned !== "error" && ++perRow > PER_ROW_BATCH_SIZE);
  return end < 0 ? rows : rows.slice(0, end);
}

/** The batch's rows in order: the new users set-wise when possible, the rest (and all after a conflict) per row. */
async function runRows(
  ctx: WriteContext,
  actor: Actor,
  plans: { plan: RowPlan; rowNumber: number }[],
  sendInvitations: boolean,
  now: Date,
  setBased: boolean,
  deadline: number,
) {
  const creates: CreateRow[] = [];
  for (const p of plans) if (p.plan.outcome === "create") creates.push({ rowNumber: p.rowNumber, plan: p.plan });
  const bulk = setBased && creates.length > 0 ? await createInBulk(ctx, actor, creates, { sendInvitations, now }) : null;
  const done = new Map((bulk?.created ?? []).map((c) => [c.rowNumber, c.accountId]));
  // The rows written set-wise are applied already, so the batch may end only after the last of
  // them: the rows with an outcome must stay the file's first ones (runBatch's bound relies on it).
  const lastSetWise = plans.findLastIndex((p) => done.has(p.rowNumber));
  const results: RowResult[] = [];
  for (const [i, { plan, rowNumber }] of plans.entries()) {
    if (i > lastSetWise && results.length > 0 && performance.now() >= deadline) break;
    const accountId = done.get(rowNumber);
    results.push(accountId ? { rowNumber, outcome: "create", error: null, accountId } : await runRow(ctx, actor, plan, rowNumber, sendInvitations, now));
  }
  return results;
}

async function runBatch(db: Db, actor: Actor, jobId: string, options: RunnerOptions, limit: number, batchMs: number): Promise<BatchStep> {
  const deadline = performance.now() + batchMs;
  return runWrite(db, auditActorOf(actor), "import", async (ctx): Promise<BatchStep> => {
    // The job's row lock: a cancel, and a second runner after a restart, wait for this batch.
    const [job] = await ctx.tx.select().from(importJobs).where(eq(importJobs.id, jobId)).for("update");
    if (!job || (job.status !== "running" && job.status !== "cancelling")) return "done";
    if (job.status === "cancelling") {
      await finish(ctx, job, "cancelled", null);
      return "done";
    }
    const fetched = await ctx.tx
      .select({ rowNumber: importJobRows.rowNumber, raw: importJobRows.raw, planned: importJobRows.planned, error: importJobRows.error, accountId: importJobRows.accountId })
      .from(importJobRows)
      // Rows are applied in file order and counted with their outcome, so none before this one is
      // left: the bound lets the primary key skip the done rows instead of reading them again.
      .where(and(eq(importJobRows.jobId, jobId), gte(importJobRows.rowNumber, firstDataRowOf(job.headerRow) + job.rowsDone), isNull(importJobRows.outcome)))
      .orderBy(asc(importJobRows.rowNumber))
      .limit(limit);
    const rows = perRowCap(fetched);
    if (rows.length === 0) {
      await finish(ctx, job, "completed", null);
      return "done";
    }

    // Checked again now: the database may have changed since the preview. A row the preview
    // refused stays refused (its reason may be the file itself: a duplicate).
    const { columns } = fieldColumns({ headers: job.headers }, job.mapping as ColumnMapping);
    const parsed = rows.map((r) => parseRow(r.raw, columns));
    const context = await loadImportContext(ctx.tx, job.clientspaceId, parsed.map((p) => p.values));
    const now = options.now?.() ?? new Date();
    const plans = rows.map((row, i): { rowNumber: number; plan: RowPlan } => ({
      rowNumber: row.rowNumber,
      plan:
        row.planned === "error"
          ? { outcome: "error", error: row.error ?? "Refused at the preview.", accountId: row.accountId }
          : classifyRow(actor, context, parsed[i], row.rowNumber, null, { strict: job.options.strict === true }),
    }));
    const results = await runRows(ctx, actor, plans, job.options.sendInvitations === true, now, options.setBased !== false, deadline);
    await saveResults(ctx, jobId, results, warningsOf(plans));
    return results.length;
  });
}

/**
 * Runs (or resumes) a job marked running, batch after batch, until done or cancelled. Never throws:
 * a failure that is not a rule ends the job "failed" with the reason, the committed batches stay
 * and their rows carry their outcome, so the report is exact.
 */
export async function runImportJob(db: Db, jobId: string, options: RunnerOptions = {}): Promise<void> {
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (!job) return;
  try {
    const actor = await actorOfJob(db, job);
    if (!actor) {
      await endJob(db, job, "interrupted", "The person who started this import can no longer import users: the remaining rows were not applied.");
      return;
    }
    const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
    const batchMs = options.batchMs ?? (embedded(db) ? EMBEDDED_BATCH_MS : SERVER_BATCH_MS);
    // A batch bounded by time reads about the rows it can apply: each read row costs its checks
    // against the database even when the time is spent before its turn.
    let limit = Number.isFinite(batchMs) ? Math.min(batchSize, 32) : batchSize;
    for (;;) {
      const step = await runBatch(db, actor, jobId, options, limit, batchMs);
      await options.afterBatch?.();
      if (step === "done") return;
      if (Number.isFinite(batchMs)) limit = Math.min(batchSize, Math.max(8, Math.ceil(step * 1.5)));
      await yieldToRequests(Math.min(batchMs, EMBEDDED_BATCH_MS));
    }
  } catch (err) {
    console.error(`Import ${jobId} stopped`, err);
    try {
      await endJob(db, job, "failed", "Something went wrong during the run: the rows marked done were applied, the others were not.");
    } catch (again) {
      // The database itself is gone: the startup recovery finds the stale job and resumes it.
      console.error(`Import ${jobId} could not be marked failed`, again);
    }
  }
}

/**
 * Starts a previewed job and returns at once: the run goes on in the background (`finished`
 * settles when it ends; a server action does not wait for it, the browser polls getImportJob).
 */
export async function startImportJob(db: Db, actor: Actor, jobId: string, options: RunnerOptions = {}): Promise<{ job: ImportJobStatus; finished: Promise<void> }> {
  const job = await loadImportJob(db, actor, jobId);
  const started = await runWrite(db, auditActorOf(actor), "import", async (ctx) => {
    const [row] = await ctx.tx
      .update(importJobs)
      .set({ status: "running", startedAt: sql`now()`, heartbeatAt: sql`now()` })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.status, "previewed")))
      .returning();
    if (!row) throw new DomainError(job.status === "uploaded" ? "This import is still being prepared. Try again in a moment." : "This import has already been started.", "conflict");
    ctx.audit.record({
      action: "users.import_started",
      targetType: "import",
      targetId: row.id,
      targetLabel: row.fileName,
      after: { rowsTotal: row.rowsTotal, sendInvitations: row.options.sendInvitations === true },
    });
    return row;
  });
  // The first batch waits for a turn of the event loop: on PGlite it would otherwise hold the
  // thread before the Start action's answer is sent.
  return { job: statusOf(started), finished: yieldToRequests().then(() => runImportJob(db, job.id, options)) };
}

/**
 * Cancel: a running job stops after its current batch and ends "cancelled" with what was applied;
 * one not started yet ends "cancelled" at once.
 */
export async function cancelImportJob(db: Db, actor: Actor, jobId: string): Promise<ImportJobStatus> {
  const job = await loadImportJob(db, actor, jobId);
  const [row] = await db
    .update(importJobs)
    .set({ status: sql`case when ${importJobs.status} = 'running' then 'cancelling' else 'cancelled' end::import_job_status`, finishedAt: sql`case when ${importJobs.status} = 'running' then null else now() end` })
    .where(and(eq(importJobs.id, job.id), inArray(importJobs.status, ["uploaded", "previewed", "running"])))
    .returning();
  if (!row) {
    if (job.status === "cancelling") return statusOf(job);
    throw new DomainError("This import has already ended.", "conflict");
  }
  return statusOf(row);
}

/**
 * Server start (db/startup.ts): a job left "running" or "cancelling" whose heartbeat is stale lost
 * its runner. A cancelling one ends "cancelled"; a running one resumes from its first row without
 * an outcome (exact: see the top of this file). The claim refreshes the heartbeat in the same
 * statement, so two instances starting together do not both take a job.
 */
export async function recoverImportJobs(
  db: Db,
  options: RunnerOptions & { staleAfterMs?: number } = {},
): Promise<{ resumed: string[]; cancelled: string[]; finished: Promise<void> }> {
  const staleBefore = new Date(Date.now() - (options.staleAfterMs ?? STALE_AFTER_MS));
  const claimed = await db
    .update(importJobs)
    .set({ heartbeatAt: sql`now()` })
    .where(and(inArray(importJobs.status, ["running", "cancelling"]), or(isNull(importJobs.heartbeatAt), lt(importJobs.heartbeatAt, staleBefore))))
    .returning();
  const resumed: string[] = [];
  const cancelled: string[] = [];
  const runs: Promise<void>[] = [];
  for (const job of claimed) {
    if (job.status === "cancelling") {
      await endJob(db, job, "cancelled", "The server restarted while this import was being cancelled.");
      cancelled.push(job.id);
    } else {
      resumed.push(job.id);
      runs.push(runImportJob(db, job.id, options));
    }
  }
  return { resumed, cancelled, finished: Promise.all(runs).then(() => undefined) };
}
