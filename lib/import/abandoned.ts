import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf } from "@/db/json-records";
import { importJobRows, importJobs, type ImportJob } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AuditActor, AuditSource } from "@/lib/audit";
import { DomainError } from "@/lib/errors";
import { plural } from "@/lib/format";
import type { Actor } from "@/lib/permissions";
import { runWrite } from "@/lib/write";
import { loadImportJob } from "./job";
import { refuseUnlessMayImport } from "./preview";

/**
 * Abandoned previews (issue 11, requirement 7). Every upload stores its rows (up to 100,000) as a
 * job "Not started" until someone starts it; one left for a day is removed with its rows by a
 * sweep (server start, then hourly, and when a clientspace's past imports are listed), and an
 * admin can discard several at once from Past imports.
 *
 * The rows go in bounded chunks with a yield between them: PGlite is one connection on the main
 * thread, and one statement deleting 100,000 rows would hold every request behind it.
 */

export const NOT_STARTED: readonly ImportJob["status"][] = ["uploaded", "previewed"];
/** By created_at: an upload in progress is minutes old, so it is never swept. */
export const ABANDONED_AFTER_HOURS = 24;
export const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Rows deleted per statement; a job this small goes in one statement with its rows (cascade). */
export const DELETE_CHUNK_ROWS = 5000;
/** Ids one discard takes: the page lists at most 100 past imports. */
export const MAX_DISCARD = 100;

const SWEEP_PAGE = 100;

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

const notStarted = inArray(importJobs.status, [...NOT_STARTED]);
// A preview's last touch: its upload, or its last remap (which stamps heartbeat_at), so that one
// worked on today is never swept, nor taken from under a remap rewriting its rows.
const abandoned = sql`coalesce(${importJobs.heartbeatAt}, ${importJobs.createdAt}) < now() - make_interval(hours => ${ABANDONED_AFTER_HOURS})`;

/**
 * Deletes a job's rows chunk by chunk, then the job, yielding between statements. The caller has
 * claimed it (status "uploaded"), so no start can take it while its rows go: startImportJob takes
 * only a "previewed" job. Answers the rows deleted.
 */
async function deleteInChunks(db: Db, jobId: string): Promise<number> {
  // By row-number ranges on the primary key: each statement reads only the rows it deletes (a
  // "first 5,000 rows" subquery would wade through the dead index entries of earlier chunks).
  const [bounds] = await db
    .select({ low: sql<number | null>`min(${importJobRows.rowNumber})`, high: sql<number | null>`max(${importJobRows.rowNumber})` })
    .from(importJobRows)
    .where(eq(importJobRows.jobId, jobId));
  let rows = 0;
  if (bounds.low !== null && bounds.high !== null) {
    for (let from = bounds.low; from <= bounds.high; from += DELETE_CHUNK_ROWS) {
      const [{ n }] = rowsOf<{ n: number }>(
        await db.execute(sql`
          with gone as (
            delete from ${importJobRows} where job_id = ${jobId} and row_number >= ${from} and row_number < ${from + DELETE_CHUNK_ROWS} returning 1
          )
          select count(*)::int as n from gone`),
      );
      rows += n;
      await yieldToRequests();
    }
  }
  // The rows of an upload still being written after the bounds were read go with the job (cascade).
  await db.delete(importJobs).where(and(eq(importJobs.id, jobId), notStarted));
  return rows;
}

/** One abandoned job gone, unless it started meanwhile: answers its rows, or null when it was kept. */
async function sweepJob(db: Db, job: { id: string; rowsTotal: number }): Promise<number | null> {
  if (job.rowsTotal <= DELETE_CHUNK_ROWS) {
    // Small enough for one statement: the cascade takes its rows, and the condition is the claim.
    const gone = await db.delete(importJobs).where(and(eq(importJobs.id, job.id), notStarted, abandoned)).returning({ id: importJobs.id });
    return gone.length > 0 ? job.rowsTotal : null;
  }
  const claimed = await db
    .update(importJobs)
    .set({ status: "uploaded" })
    .where(and(eq(importJobs.id, job.id), notStarted, abandoned))
    .returning({ id: importJobs.id });
  return claimed.length > 0 ? deleteInChunks(db, job.id) : null;
}

export type SweepResult = { jobs: number; rows: number };

/**
 * Removes the "Not started" jobs older than a day, with their rows, across clientspaces (or in
 * one). No audit event: it changes no user and nobody acted; the server log says what went.
 */
export async function sweepAbandonedImportJobs(db: Db, options: { clientspaceId?: string } = {}): Promise<SweepResult> {
  const result: SweepResult = { jobs: 0, rows: 0 };
  const seen = new Set<string>();
  for (;;) {
    const page = await db
      .select({ id: importJobs.id, rowsTotal: importJobs.rowsTotal })
      .from(importJobs)
      .where(and(notStarted, abandoned, options.clientspaceId ? eq(importJobs.clientspaceId, options.clientspaceId) : undefined))
      .orderBy(importJobs.createdAt)
      .limit(SWEEP_PAGE);
    const fresh = page.filter((j) => !seen.has(j.id));
    if (fresh.length === 0) return result;
    for (const job of fresh) {
      seen.add(job.id);
      const rows = await sweepJob(db, job);
      if (rows !== null) {
        result.jobs += 1;
        result.rows += rows;
      }
      await yieldToRequests();
    }
    if (page.length < SWEEP_PAGE) return result;
  }
}

// ------------------------------------------------------------------------ in the background

type SweepState = { timer?: NodeJS.Timeout; running?: Promise<SweepResult> };
// On globalThis: next dev reloads this module, and a second timer per reload would pile up.
const state = ((globalThis as unknown as { __rosterImportSweep?: SweepState }).__rosterImportSweep ??= {});

export function describeSweep({ jobs, rows }: SweepResult): string {
  if (jobs === 0) return "Abandoned import previews: none to remove.";
  return `Abandoned import previews: removed ${plural(jobs, "preview")} (${plural(rows, "row")}) left unstarted for over ${ABANDONED_AFTER_HOURS} hours.`;
}

/** One sweep at a time per process: a second caller shares the one running. */
export function sweepInBackground(db: Db): Promise<SweepResult> {
  state.running ??= sweepAbandonedImportJobs(db).finally(() => {
    state.running = undefined;
  });
  return state.running;
}

/**
 * Server start (db/startup.ts): a sweep now, without delaying the start, then every hour on an
 * unref'd timer (it never keeps the process alive). Started once per process.
 */
export function startAbandonedImportSweep(db: Db, options: { everyMs?: number } = {}): Promise<SweepResult> | null {
  if (state.timer) return null;
  const sweep = (always: boolean) =>
    sweepInBackground(db).then(
      (result) => {
        if (always || result.jobs > 0) console.log(describeSweep(result));
        return result;
      },
      (err) => {
        console.error("The sweep of abandoned import previews failed", err);
        return { jobs: 0, rows: 0 };
      },
    );
  state.timer = setInterval(() => void sweep(false), options.everyMs ?? SWEEP_EVERY_MS).unref();
  return sweep(true);
}

/** Tests: the timer stopped, so that a later start in the same process takes effect. */
export function stopAbandonedImportSweep() {
  clearInterval(state.timer);
  state.timer = undefined;
}

/**
 * When a clientspace's past imports are listed: its abandoned jobs go before the list is read, so
 * it never shows them. Cheap: nothing found is one indexed read; small jobs go in one delete of
 * at most DELETE_CHUNK_ROWS rows in all (cascade); larger ones are left to the background sweep,
 * started here, so that the list never waits on them.
 */
export async function sweepClientspaceOnList(db: Db, clientspaceId: string): Promise<void> {
  const expired = await db
    .select({ id: importJobs.id, rowsTotal: importJobs.rowsTotal })
    .from(importJobs)
    .where(and(eq(importJobs.clientspaceId, clientspaceId), notStarted, abandoned))
    .limit(SWEEP_PAGE);
  if (expired.length === 0) return;
  const now: string[] = [];
  let rows = 0;
  for (const job of expired) {
    if (rows + job.rowsTotal > DELETE_CHUNK_ROWS) continue;
    now.push(job.id);
    rows += job.rowsTotal;
  }
  if (now.length > 0) await db.delete(importJobs).where(and(inArray(importJobs.id, now), notStarted, abandoned));
  if (now.length < expired.length) {
    sweepInBackground(db).catch((err) => console.error("The sweep of abandoned import previews failed", err));
  }
}

// ------------------------------------------------------------------------ discard from the list

export type DiscardResult = {
  discarded: number;
  /** Started (or ended) meanwhile: a run's history is never deleted. */
  kept: number;
  /** Not there, or not the actor's to see: answered alike. */
  absent: number;
  /** Discarded (audited, never to start) but rows left by a failure: the sweep finishes them. */
  unfinished: number;
};

export type DiscardRunner = { db: Db; auditActor: AuditActor; source: AuditSource };

/**
 * Discards not-started jobs chosen in Past imports. Each is checked as loadImportJob checks it
 * (the actor's clientspace; an admin any, a super-user their own; anything else is absent).
 *
 * Not one transaction: 100 jobs of 100,000 rows would be 10 million rows deleted while PGlite's
 * one connection serves nobody else. So one short transaction claims the jobs (status "uploaded",
 * which no start takes) with an audit event each, and the rows go after it in chunks. A failure
 * in between leaves a claimed job listed as not started, with some of its rows: discarding it
 * again, or the sweep a day after its upload, finishes it.
 */
export async function discardImportJobs(runner: DiscardRunner, actor: Actor, jobIds: readonly string[]): Promise<DiscardResult> {
  refuseUnlessMayImport(actor);
  const ids = [...new Set(jobIds)];
  if (ids.length > MAX_DISCARD) throw new DomainError(`Select at most ${MAX_DISCARD} imports at once.`, "invalid");
  const claim = await runWrite(runner.db, runner.auditActor, runner.source, async (ctx) => {
    const visible: ImportJob[] = [];
    for (const id of ids) {
      try {
        visible.push(await loadImportJob(ctx.tx, actor, id));
      } catch (err) {
        if (!(err instanceof DomainError && err.kind === "not_found")) throw err;
      }
    }
    const taken =
      visible.length === 0
        ? []
        : await ctx.tx
            .update(importJobs)
            .set({ status: "uploaded" })
            .where(and(inArray(importJobs.id, visible.map((j) => j.id)), notStarted))
            .returning({ id: importJobs.id, fileName: importJobs.fileName, rowsTotal: importJobs.rowsTotal });
    for (const job of taken) {
      ctx.audit.record({
        action: "users.import_discarded",
        targetType: "import",
        targetId: job.id,
        targetLabel: job.fileName,
        before: { status: visible.find((v) => v.id === job.id)?.status, rowsTotal: job.rowsTotal },
      });
    }
    return { taken, kept: visible.length - taken.length, absent: ids.length - visible.length };
  });
  let unfinished = 0;
  for (const job of claim.taken) {
    try {
      await deleteInChunks(runner.db, job.id);
    } catch (err) {
      console.error(`Discarded import ${job.id} kept some of its rows`, err);
      unfinished += 1;
    }
  }
  return { discarded: claim.taken.length, kept: claim.kept, absent: claim.absent, unfinished };
}
