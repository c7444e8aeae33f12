"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { defineAction, type ActionResult } from "@/lib/action";
import { getSessionCheck } from "@/lib/auth/current-user";
import type { SignedInUser } from "@/lib/auth/session-check";
import { deliverPendingEmails } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { cancelImportJob, createImportJob, getImportJob, plannedCounts, remapImportJob, startImportJob, type ImportJobStatus } from "@/lib/import/job";
import { applySavedMapping, listImportMappings, saveImportMapping, type SavedMapping } from "@/lib/import/mappings";
import type { PreviewCounts } from "@/lib/import/preview";
import { getImportReport, listImportJobs, listImportRows, type ImportReport, type ReportRow } from "@/lib/import/report";
import { USER_FIELD_IDS, type ColumnMapping } from "@/lib/transfer/fields";
import { gridTable, gridSchema } from "@/lib/transfer/grid";
import { guessMapping, validateMapping } from "@/lib/transfer/mapping";
import { readImportFile } from "@/lib/transfer/read-file";
import { invalidateStats } from "@/lib/users/stats-cache";

/**
 * The import's server actions (SPEC section 6), thin over lib/import. Not defineAction for the
 * job steps: an upload stores its rows in chunks and a run commits batch by batch in the
 * background (lib/import/job.ts says why), so they are not one transaction. Each step checks the
 * permission in lib/import (users.import; users.importCreate per created row).
 */

export type ImportPreview = {
  job: ImportJobStatus;
  mapping: ColumnMapping;
  headers: string[];
  counts: PreviewCounts;
  warnings: string[];
  /** What stops the mapping from being used (no ID or Email column…); empty when usable. */
  mappingProblems: string[];
  /** The first page of rows; the rest through listImportRowsAction. */
  rows: ReportRow[];
};

const FAILED = "Something went wrong and nothing was changed. Try again in a moment.";
const PAGE = 50;

async function asImporter<T>(work: (user: SignedInUser) => Promise<{ message: string; data?: T }>): Promise<ActionResult<T>> {
  const check = await getSessionCheck();
  if (!check?.ok) return { ok: false, message: "Your session has ended. Sign in again." };
  try {
    const result = await work(check.user);
    return { ok: true, ...result };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, kind: err.kind };
    console.error("Import action failed", err);
    return { ok: false, message: FAILED };
  }
}

const mappingSchema = z.record(z.string(), z.enum(USER_FIELD_IDS).nullable());
const jobIdSchema = z.object({ jobId: z.uuid() });
const optionsSchema = z.object({ sendInvitations: z.boolean().default(false) });

async function previewOf(user: SignedInUser, job: ImportJobStatus, mapping: ColumnMapping, headers: string[], warnings: string[]): Promise<ImportPreview> {
  const db = await getDb();
  const rows = await listImportRows(db, user, job.id, { page: 1, pageSize: PAGE });
  return { job, mapping, headers, counts: await plannedCounts(db, user, job.id), warnings, mappingProblems: validateMapping(mapping), rows: rows.rows };
}

/** Upload: the file read, its columns mapped automatically (or by a saved mapping), every row previewed. */
export async function uploadImportAction(_prev: ActionResult<ImportPreview> | null, form: FormData): Promise<ActionResult<ImportPreview>> {
  return asImporter(async (user) => {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new DomainError("Choose a file to import.", "invalid", { file: ["Choose a file."] });
    const table = readImportFile(file.name, Buffer.from(await file.arrayBuffer()));
    const db = await getDb();
    const savedId = form.get("mappingId");
    let mapping = guessMapping(table.headers);
    if (typeof savedId === "string" && savedId) mapping = await applySavedMapping(db, user, savedId, table.headers, mapping);
    const format = file.name.split(".").pop()?.toLowerCase() ?? "csv";
    const { job, preview } = await createImportJob(db, user, {
      fileName: file.name,
      fileSize: file.size,
      format,
      table,
      mapping,
      options: { sendInvitations: form.get("sendInvitations") === "true" },
    });
    return { message: `${job.rowsTotal.toLocaleString("en")} rows read.`, data: await previewOf(user, job, mapping, table.headers, preview.warnings) };
  });
}

/** Rows typed or pasted into the grid: read as a file whose headers are the fields, then previewed like an upload. */
export async function gridImportAction(_prev: ActionResult<ImportPreview> | null, input: z.input<typeof gridSchema>): Promise<ActionResult<ImportPreview>> {
  return asImporter(async (user) => {
    const { table, mapping } = gridTable(gridSchema.parse(input).rows);
    const { job, preview } = await createImportJob(await getDb(), user, { fileName: "Typed rows", format: "grid", table, mapping });
    return { message: `${job.rowsTotal.toLocaleString("en")} rows typed.`, data: await previewOf(user, job, mapping, table.headers, preview.warnings) };
  });
}

const remapSchema = z.object({ jobId: z.uuid(), mapping: mappingSchema, options: optionsSchema.optional() });

/** A changed mapping (or options): the preview made again. */
export async function remapImportAction(_prev: ActionResult<ImportPreview> | null, input: z.input<typeof remapSchema>): Promise<ActionResult<ImportPreview>> {
  return asImporter(async (user) => {
    const v = remapSchema.parse(input);
    const db = await getDb();
    const { job, preview } = await remapImportJob(db, user, v.jobId, { mapping: v.mapping, options: v.options });
    return { message: "Preview updated.", data: await previewOf(user, job, v.mapping, Object.keys(v.mapping), preview.warnings) };
  });
}

const rowsSchema = z.object({
  jobId: z.uuid(),
  outcome: z.enum(["create", "update", "unchanged", "error"]).optional(),
  page: z.number().int().min(1).default(1),
});

export async function listImportRowsAction(_prev: unknown, input: z.input<typeof rowsSchema>) {
  return asImporter(async (user) => {
    const v = rowsSchema.parse(input);
    return { message: "", data: await listImportRows(await getDb(), user, v.jobId, { outcome: v.outcome, page: v.page, pageSize: PAGE }) };
  });
}

/** Start: returns at once; the browser polls importStatusAction. */
export async function startImportAction(_prev: unknown, input: z.input<typeof jobIdSchema>): Promise<ActionResult<ImportJobStatus>> {
  return asImporter(async (user) => {
    const { jobId } = jobIdSchema.parse(input);
    const db = await getDb();
    const { job, finished } = await startImportJob(db, user, jobId, { afterBatch: () => deliverPendingEmails(db) });
    // Not awaited: the run goes on after this answer; whatever it commits shows on the next load.
    void finished.then(() => {
      invalidateStats(user.clientspaceId);
      revalidatePath("/admin/users");
    });
    return { message: "Import started.", data: job };
  });
}

export async function cancelImportAction(_prev: unknown, input: z.input<typeof jobIdSchema>): Promise<ActionResult<ImportJobStatus>> {
  return asImporter(async (user) => {
    const { jobId } = jobIdSchema.parse(input);
    const job = await cancelImportJob(await getDb(), user, jobId);
    const message = job.status === "cancelling" ? "Cancelling: the import stops after the current batch." : "Import cancelled.";
    return { message, data: job };
  });
}

export async function importStatusAction(_prev: unknown, input: z.input<typeof jobIdSchema>): Promise<ActionResult<ImportJobStatus>> {
  return asImporter(async (user) => ({ message: "", data: await getImportJob(await getDb(), user, jobIdSchema.parse(input).jobId) }));
}

const reportSchema = z.object({ jobId: z.uuid(), page: z.number().int().min(1).default(1) });

export async function importReportAction(_prev: unknown, input: z.input<typeof reportSchema>): Promise<ActionResult<ImportReport>> {
  return asImporter(async (user) => {
    const v = reportSchema.parse(input);
    return { message: "", data: await getImportReport(await getDb(), user, v.jobId, { page: v.page, pageSize: PAGE }) };
  });
}

export async function pastImportsAction(): Promise<ActionResult<ImportJobStatus[]>> {
  return asImporter(async (user) => ({ message: "", data: await listImportJobs(await getDb(), user) }));
}

const saveMappingSchema = z.object({ name: z.string().max(200), mapping: mappingSchema });

/** Saves the mapping under a name for later files (one transaction, audited). */
export const saveImportMappingAction = defineAction<typeof saveMappingSchema, SavedMapping>(saveMappingSchema, async (ctx, input) => {
  const saved = await saveImportMapping(ctx, ctx.user, input);
  return { message: `Mapping “${saved.name}” saved.`, data: saved };
});

export async function listImportMappingsAction(): Promise<ActionResult<SavedMapping[]>> {
  return asImporter(async (user) => ({ message: "", data: await listImportMappings(await getDb(), user) }));
}

const applyMappingSchema = z.object({ jobId: z.uuid(), mappingId: z.uuid(), options: optionsSchema.optional() });

/** A saved mapping applied to this job's file, then previewed again. */
export async function applyImportMappingAction(_prev: unknown, input: z.input<typeof applyMappingSchema>): Promise<ActionResult<ImportPreview>> {
  return asImporter(async (user) => {
    const v = applyMappingSchema.parse(input);
    const db = await getDb();
    const current = await getImportReport(db, user, v.jobId, { pageSize: 1 });
    const mapping = await applySavedMapping(db, user, v.mappingId, current.headers, guessMapping(current.headers));
    const { job, preview } = await remapImportJob(db, user, v.jobId, { mapping, options: v.options });
    return { message: "Saved mapping applied.", data: await previewOf(user, job, mapping, current.headers, preview.warnings) };
  });
}
