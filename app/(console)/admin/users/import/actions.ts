"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, defineBatchedAction } from "@/lib/action";
import { cancelImportJob, createImportJob, getImportJob, remapImportJob, startImportJob, type ImportJobStatus } from "@/lib/import/job";
import { applySavedMapping, listImportMappings, saveImportMapping, type SavedMapping } from "@/lib/import/mappings";
import { getImportReport, listImportJobs, listImportRows, type ImportReport } from "@/lib/import/report";
import { PREVIEW_PAGE_SIZE as PAGE, previewOf, type ImportPreview } from "@/lib/import/upload";
import { USER_FIELD_IDS } from "@/lib/transfer/fields";
import { gridTable, gridSchema } from "@/lib/transfer/grid";
import { guessMapping } from "@/lib/transfer/mapping";
import { plural } from "@/lib/format";
import { invalidateStats } from "@/lib/users/stats-cache";

/**
 * The import's server actions (SPEC section 6), thin over lib/import. defineBatchedAction for the
 * job steps: a grid stores its rows in chunks and a run commits batch by batch in the background
 * (lib/import/job.ts says why), so they are not one transaction. Each step checks the permission
 * in lib/import (users.import; users.importCreate per created row). Files are uploaded through
 * the route beside this file (upload/route.ts), whose body limit and streaming read no server
 * action has.
 */

export type { ImportPreview };

/** Ids and mappings are built by the page, not typed: a refusal of them means a stale or altered page. */
const STALE_PAGE = "This import cannot be read from this page. Reload it and try again.";

const mappingSchema = z.record(z.string(), z.enum(USER_FIELD_IDS).nullable());
const jobIdSchema = z.object({ jobId: z.uuid() });
// Optional keys: a change of one option leaves the other as stored with the job.
const optionsSchema = z.object({ sendInvitations: z.boolean().optional(), strict: z.boolean().optional() });

/** Rows typed or pasted into the grid: read as a file whose headers are the fields, then previewed like an upload. */
export const gridImportAction = defineBatchedAction<typeof gridSchema, ImportPreview>(
  gridSchema,
  async ({ user, runner: { db } }, input) => {
    const { table, mapping } = gridTable(input.rows);
    const { job, preview } = await createImportJob(db, user, { fileName: "Typed rows", format: "grid", table, mapping });
    return { message: `${plural(job.rowsTotal, "row")} typed.`, data: await previewOf(db, user, job, mapping, table.headers, preview.warnings) };
  },
  // The grid's own messages ("Type at least one row.", "Keep each cell to 1,000 characters.") say what to do.
  { invalidMessage: (error) => error.issues[0]?.message ?? STALE_PAGE },
);

const remapSchema = z.object({ jobId: z.uuid(), mapping: mappingSchema, options: optionsSchema.optional() });

/** A changed mapping (or options): the preview made again. */
export const remapImportAction = defineBatchedAction<typeof remapSchema, ImportPreview>(
  remapSchema,
  async ({ user, runner: { db } }, v) => {
    const { job, preview } = await remapImportJob(db, user, v.jobId, { mapping: v.mapping, options: v.options });
    return { message: "Preview updated.", data: await previewOf(db, user, job, v.mapping, Object.keys(v.mapping), preview.warnings) };
  },
  { invalidMessage: STALE_PAGE },
);

const rowsSchema = z.object({
  jobId: z.uuid(),
  outcome: z.enum(["create", "update", "unchanged", "error", "warned"]).optional(),
  page: z.number().int().min(1).default(1),
});

export const listImportRowsAction = defineBatchedAction(
  rowsSchema,
  async ({ user, runner: { db } }, v) => ({ message: "", data: await listImportRows(db, user, v.jobId, { outcome: v.outcome, page: v.page, pageSize: PAGE }) }),
  { readOnly: true, invalidMessage: STALE_PAGE },
);

/** Start: returns at once; the browser polls importStatusAction. */
export const startImportAction = defineBatchedAction<typeof jobIdSchema, ImportJobStatus>(
  jobIdSchema,
  async ({ user, runner: { db, afterBatch } }, { jobId }) => {
    const { job, finished } = await startImportJob(db, user, jobId, { afterBatch });
    // Not awaited: the run goes on after this answer; whatever it commits shows on the next load.
    void finished.then(() => {
      invalidateStats(user.clientspaceId);
      revalidatePath("/admin/users");
    });
    return { message: "Import started.", data: job };
  },
  { invalidMessage: STALE_PAGE },
);

export const cancelImportAction = defineBatchedAction<typeof jobIdSchema, ImportJobStatus>(
  jobIdSchema,
  async ({ user, runner: { db } }, { jobId }) => {
    const job = await cancelImportJob(db, user, jobId);
    const message = job.status === "cancelling" ? "Cancelling: the import stops after the current batch." : "Import cancelled.";
    return { message, data: job };
  },
  { invalidMessage: STALE_PAGE },
);

export const importStatusAction = defineBatchedAction<typeof jobIdSchema, ImportJobStatus>(
  jobIdSchema,
  async ({ user, runner: { db } }, { jobId }) => ({ message: "", data: await getImportJob(db, user, jobId) }),
  { readOnly: true, invalidMessage: STALE_PAGE },
);

const reportSchema = z.object({ jobId: z.uuid(), page: z.number().int().min(1).default(1) });

export const importReportAction = defineBatchedAction<typeof reportSchema, ImportReport>(
  reportSchema,
  async ({ user, runner: { db } }, v) => ({ message: "", data: await getImportReport(db, user, v.jobId, { page: v.page, pageSize: PAGE }) }),
  { readOnly: true, invalidMessage: STALE_PAGE },
);

const noInput = z.object({});

export const pastImportsAction = defineBatchedAction<typeof noInput, ImportJobStatus[]>(
  noInput,
  async ({ user, runner: { db } }) => ({ message: "", data: await listImportJobs(db, user) }),
  { readOnly: true },
);

const saveMappingSchema = z.object({ name: z.string().max(200), mapping: mappingSchema });

/** Saves the mapping under a name for later files (one transaction, audited). */
export const saveImportMappingAction = defineAction<typeof saveMappingSchema, SavedMapping>(saveMappingSchema, async (ctx, input) => {
  const saved = await saveImportMapping(ctx, ctx.user, input);
  return { message: `Mapping “${saved.name}” saved.`, data: saved };
});

export const listImportMappingsAction = defineBatchedAction<typeof noInput, SavedMapping[]>(
  noInput,
  async ({ user, runner: { db } }) => ({ message: "", data: await listImportMappings(db, user) }),
  { readOnly: true },
);

const applyMappingSchema = z.object({ jobId: z.uuid(), mappingId: z.uuid(), options: optionsSchema.optional() });

/** A saved mapping applied to this job's file, then previewed again. */
export const applyImportMappingAction = defineBatchedAction<typeof applyMappingSchema, ImportPreview>(
  applyMappingSchema,
  async ({ user, runner: { db } }, v) => {
    const current = await getImportReport(db, user, v.jobId, { pageSize: 1 });
    const mapping = await applySavedMapping(db, user, v.mappingId, current.headers, guessMapping(current.headers));
    const { job, preview } = await remapImportJob(db, user, v.jobId, { mapping, options: v.options });
    return { message: "Saved mapping applied.", data: await previewOf(db, user, job, mapping, current.headers, preview.warnings) };
  },
  { invalidMessage: STALE_PAGE },
);
