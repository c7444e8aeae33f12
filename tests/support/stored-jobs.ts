import { count, eq, sql } from "drizzle-orm";
import { importJobRows, importJobs, type ImportJob } from "@/db/schema";
import type { Db } from "@/db/types";

export type StoredJob = {
  clientspaceId: string;
  createdBy: string | null;
  status?: ImportJob["status"];
  /** How long ago it was uploaded, by the database's clock. */
  ageHours?: number;
  rows?: number;
  fileName?: string;
};

/**
 * An import job as the database would hold it after an upload (or a run), of a chosen age, with
 * `rows` rows of one cell: written directly, so that a test can make 12,000 rows in a moment.
 */
export async function storeJob(db: Db, job: StoredJob): Promise<string> {
  const rows = job.rows ?? 3;
  const [row] = await db
    .insert(importJobs)
    .values({
      clientspaceId: job.clientspaceId,
      createdBy: job.createdBy,
      status: job.status ?? "previewed",
      fileName: job.fileName ?? "people.csv",
      format: "csv",
      headers: ["Email"],
      rowsTotal: rows,
      createdAt: sql`now() - make_interval(mins => ${Math.round((job.ageHours ?? 0) * 60)})`,
    })
    .returning({ id: importJobs.id });
  if (rows > 0) {
    await db.execute(sql`
      insert into ${importJobRows} (job_id, row_number, raw)
      select ${row.id}::uuid, g, jsonb_build_array('person' || g || '@example.test') from generate_series(2, ${rows + 1}) g`);
  }
  return row.id;
}

/** The job's status and how many rows it holds; null when it is gone (its rows go with it: cascade). */
export async function jobState(db: Db, jobId: string): Promise<{ status: ImportJob["status"]; rows: number } | null> {
  const [job] = await db.select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, jobId));
  if (!job) return null;
  const [{ n }] = await db.select({ n: count() }).from(importJobRows).where(eq(importJobRows.jobId, jobId));
  return { status: job.status, rows: n };
}

/** Rows stored under the job id, whether or not the job is still there. */
export async function rowCount(db: Db, jobId: string): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(importJobRows).where(eq(importJobRows.jobId, jobId));
  return n;
}
