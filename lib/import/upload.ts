import type { Db } from "@/db/types";
import type { Actor } from "@/lib/permissions";
import type { ColumnMapping } from "@/lib/transfer/fields";
import { ImportFileError } from "@/lib/transfer/import-file-error";
import { guessMapping, missingIdentityColumn, validateMapping } from "@/lib/transfer/mapping";
import { readImportFileOffThread } from "@/lib/transfer/read-off-thread";
import { createImportJob, plannedCounts, type ImportJobStatus } from "./job";
import { applySavedMapping } from "./mappings";
import { refuseUnlessMayImport, type PreviewCounts } from "./preview";
import { listImportRows, type ReportRow } from "./report";

/** What the mapping and preview step shows after an upload, a grid, a remap. */
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

export const PREVIEW_PAGE_SIZE = 50;

export async function previewOf(db: Db, actor: Actor, job: ImportJobStatus, mapping: ColumnMapping, headers: string[], warnings: string[]): Promise<ImportPreview> {
  const rows = await listImportRows(db, actor, job.id, { page: 1, pageSize: PREVIEW_PAGE_SIZE });
  return { job, mapping, headers, counts: await plannedCounts(db, actor, job.id), warnings, mappingProblems: validateMapping(mapping), rows: rows.rows };
}

export type UploadedFile = { fileName: string; bytes: Uint8Array; mappingId?: string; sendInvitations?: boolean };

/**
 * An uploaded file read (on a worker thread: lib/transfer/read-off-thread.ts), its columns mapped
 * automatically or by a saved mapping, every row previewed and stored as a job. The permission is
 * checked before the file is read; an unreadable file is an ImportFileError in the admin's words.
 */
export async function uploadImportFile(db: Db, actor: Actor, file: UploadedFile): Promise<{ message: string; data: ImportPreview }> {
  refuseUnlessMayImport(actor);
  const size = file.bytes.byteLength;
  const table = await readImportFileOffThread(file.fileName, file.bytes);
  let mapping = guessMapping(table.headers, table.rows);
  if (file.mappingId) mapping = await applySavedMapping(db, actor, file.mappingId, table.headers, mapping);
  // A file nobody could match to a user would make a job that can never start: refused here, nothing stored.
  const missing = missingIdentityColumn(table, mapping);
  if (missing) throw new ImportFileError(missing);
  const format = file.fileName.split(".").pop()?.toLowerCase() ?? "csv";
  const { job, preview } = await createImportJob(db, actor, {
    fileName: file.fileName,
    fileSize: size,
    format,
    table,
    mapping,
    options: { sendInvitations: file.sendInvitations === true },
  });
  const read = `${job.rowsTotal.toLocaleString("en")} ${job.rowsTotal === 1 ? "row" : "rows"} read`;
  const skipped = table.preamble?.length ? `; ${table.preamble.length === 1 ? "1 line" : `${table.preamble.length} lines`} before the header row skipped` : "";
  return { message: `${read}${skipped}.`, data: await previewOf(db, actor, job, mapping, table.headers, preview.warnings) };
}
