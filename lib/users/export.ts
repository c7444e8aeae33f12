import { eq } from "drizzle-orm";
import { copyOutText } from "@/db/copy-out";
import {
  countExportRows,
  countExportRowsAmong,
  CSV_BATCH_SIZE,
  EXPORT_BATCH_SIZE,
  exportCsvAmong,
  exportCsvSelect,
  exportRowsAmong,
  nextExportCsv,
  nextExportRows,
  type CsvBatch,
  type ExportRow,
} from "@/db/queries/user-export";
import { normaliseSearch, type DirectoryQuery } from "@/db/queries/users";
import { clientspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AuditActor, AuditSource } from "@/lib/audit";
import { DomainError, forbidden } from "@/lib/errors";
import { can, userScope, type Actor } from "@/lib/permissions";
import { csvChunks, csvHeader, XLSX_MAX_DATA_ROWS } from "@/lib/transfer/export";
import { xlsxStream } from "@/lib/transfer/xlsx-write";
import { runWrite, type WriteContext } from "@/lib/write";
import { loadDirectoryParams, pickFilters, type DirectoryFilters } from "./directory-params";
import type { ExportFormat, ExportRequest } from "./export-schema";

/**
 * Downloading the user list (SPEC section 7, issue 5): who may, which rows, and the audit event.
 * Both files are streams read a batch at a time (constant memory for a million users): the CSV
 * as the database writes it, the XLSX zipped as its sheet is written (lib/transfer/xlsx-write.ts).
 */

/** The Excel sheet cannot hold the list: the message offers the CSV, which has no such bound. */
export class XlsxTooLarge extends DomainError {
  constructor(readonly rows: number, limit: number) {
    super(
      `This list has ${rows.toLocaleString("en")} users, more than an Excel sheet holds (${limit.toLocaleString("en")} rows under its header). Download it as CSV instead: it has no such limit and opens in Excel too.`,
      "invalid",
    );
    this.name = "XlsxTooLarge";
  }
}

export type ExportFile = {
  filename: string;
  contentType: string;
  /** Users in the file (the header row not counted). */
  rowCount: number;
  body: { kind: "stream"; chunks: AsyncGenerator<string | Uint8Array, void, undefined> };
};

/** `databaseUrl`: PostgreSQL's, where a CSV download is then one COPY (db/copy-out.ts); none on PGlite. */
export type ExportRunner = { db: Db; databaseUrl?: string; auditActor: AuditActor; source: AuditSource };
export type ExportOptions = { now?: Date; batchSize?: number; xlsxMaxRows?: number };

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
/** Ids per query for a selection: an `in` list the planner reads as a handful of index probes. */
const IDS_PER_QUERY = 1_000;

function fileName(slug: string, now: Date, format: ExportFormat, what = now.toISOString().slice(0, 10)) {
  return `${slug}-users-${what}.${format}`;
}

/** The filters that were set: what the audit log keeps of a filtered download. */
function setFilters(filters: DirectoryFilters) {
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== "" && v !== false)),
  );
}

export type ExportAudit = { format: ExportFormat; scope: "all" | "filtered" | "selection"; filters?: DirectoryFilters; ids?: number; rowCount: number };

/** The audit event of one download: what was asked for and how many users it holds. */
export async function recordUserExport(ctx: WriteContext, actor: Actor, input: ExportAudit): Promise<void> {
  if (!userScope(actor, "users.export")) throw forbidden("You may not download the user list.");
  ctx.audit.record({
    action: "users.exported",
    targetType: "users",
    targetLabel: `${input.rowCount.toLocaleString("en")} ${input.rowCount === 1 ? "user" : "users"}`,
    after: {
      format: input.format,
      scope: input.scope,
      ...(input.filters ? { filters: setFilters(input.filters) } : {}),
      ...(input.ids !== undefined ? { ids: input.ids } : {}),
      rowCount: input.rowCount,
    },
  });
}

/** The users of one download: how many, as rows of cells (for Excel), or as the CSV file's text. */
type Rows = { count: number; batches: () => AsyncGenerator<ExportRow[], void, undefined>; csv: () => AsyncGenerator<string | Uint8Array, void, undefined> };

/**
 * Batch after batch, each read from where the one before ended, until `read` says there is no
 * more (null). The next batch is asked for as soon as a batch arrives, so the database reads it
 * while this process writes the one before: two batches in memory at most.
 */
async function* readAhead<T>(read: (previous: T | null) => Promise<T> | null): AsyncGenerator<T, void, undefined> {
  let next = read(null);
  try {
    while (next) {
      const current = next;
      next = null;
      const batch = await current;
      next = read(batch);
      yield batch;
    }
  } finally {
    // A reader that stopped early (a cancelled download) leaves one read in flight: let it end.
    if (next) await next.catch((err: unknown) => console.error("An export read after the download stopped failed", err));
  }
}

/**
 * The users matching a listing query as rows of cells, a batch at a time, in account-id order
 * (the ID is the first cell): what the Excel file is built from.
 */
export async function* matchingExportRows(db: Db, query: DirectoryQuery, searchPattern: string | null, batchSize = EXPORT_BATCH_SIZE) {
  const batches = readAhead<ExportRow[]>((previous) =>
    previous === null ? nextExportRows(db, query, searchPattern, null, batchSize) : previous.length === batchSize ? nextExportRows(db, query, searchPattern, previous[previous.length - 1][0], batchSize) : null,
  );
  for await (const rows of batches) if (rows.length > 0) yield rows;
}

/**
 * The CSV file of the users matching a listing query: the BOM and header row, then the records
 * as the database wrote them (db/queries/user-export.ts csvCell). The database quotes and
 * neutralises the cells in its own process, so that on two cores this one only passes bytes
 * along (bench/export.ts: a million users). On PostgreSQL (`databaseUrl`), one COPY streams the
 * whole list from one snapshot; on the embedded PGlite, which has no COPY to a client, keyset
 * batches of `batchSize` users.
 */
export async function* matchingExportCsv(
  db: Db,
  query: DirectoryQuery,
  searchPattern: string | null,
  { databaseUrl, batchSize = CSV_BATCH_SIZE }: { databaseUrl?: string; batchSize?: number } = {},
): AsyncGenerator<string | Uint8Array, void, undefined> {
  yield csvHeader();
  if (databaseUrl) {
    yield* copyOutText(databaseUrl, exportCsvSelect(query, searchPattern));
    return;
  }
  const batches = readAhead<CsvBatch>((previous) =>
    previous === null ? nextExportCsv(db, query, searchPattern, null, batchSize) : previous.rows === batchSize ? nextExportCsv(db, query, searchPattern, previous.last, batchSize) : null,
  );
  for await (const batch of batches) yield* batch.parts;
}

async function filteredRows(db: Db, databaseUrl: string | undefined, query: DirectoryQuery, batchSize: number | undefined, countLimit: number | null): Promise<Rows> {
  const pattern = await normaliseSearch(db, query.filters.q);
  const count = await countExportRows(db, query, pattern, countLimit);
  return {
    count,
    batches: () => matchingExportRows(db, query, pattern, batchSize ?? EXPORT_BATCH_SIZE),
    csv: () => matchingExportCsv(db, query, pattern, { databaseUrl, batchSize }),
  };
}

/** Picked users that the scope reaches, in account-id order; the others are left out silently. */
async function pickedRows(db: Db, query: DirectoryQuery, ids: readonly string[]): Promise<Rows> {
  const sorted = [...new Set(ids)].sort();
  const slices: string[][] = [];
  for (let i = 0; i < sorted.length; i += IDS_PER_QUERY) slices.push(sorted.slice(i, i + IDS_PER_QUERY));
  let count = 0;
  for (const slice of slices) count += await countExportRowsAmong(db, query, slice);
  async function* batches() {
    for (const slice of slices) {
      const rows = await exportRowsAmong(db, query, slice);
      if (rows.length > 0) yield rows;
    }
  }
  async function* csv() {
    yield csvHeader();
    for (const slice of slices) {
      yield* (await exportCsvAmong(db, query, slice)).parts;
    }
  }
  return { count, batches, csv };
}

/**
 * Prepares one download for the actor: the permission and the actor's scope, the rows, the
 * Excel row limit (refused before any row is read), and the audit event in a transaction of its
 * own, committed before the first byte is sent, with the count about to be sent.
 * The template (header row alone) needs users.export or users.import and is not audited.
 */
export async function prepareUserExport(runner: ExportRunner, actor: Actor, request: ExportRequest, options: ExportOptions = {}): Promise<ExportFile> {
  const { db } = runner;
  const now = options.now ?? new Date();
  const [space] = await db
    .select({ slug: clientspaces.slug, inactivityDays: clientspaces.inactivityDays })
    .from(clientspaces)
    .where(eq(clientspaces.id, actor.clientspaceId));
  if (!space) throw forbidden("You may not download the user list.");
  const { format } = request;

  if (request.scope === "template") {
    if (!can(actor, "users.export") && !can(actor, "users.import")) throw forbidden("You may not download the import template.");
    const filename = fileName(space.slug, now, format, "template");
    const body = { kind: "stream" as const, chunks: format === "csv" ? csvChunks([]) : xlsxStream([], { now }) };
    return { filename, contentType: CONTENT_TYPES[format], rowCount: 0, body };
  }

  const scope = userScope(actor, "users.export");
  if (!scope) throw forbidden("You may not download the user list.");
  const filters = "filters" in request ? request.filters : pickFilters(loadDirectoryParams({}));
  const query: DirectoryQuery = { clientspaceId: actor.clientspaceId, scope, filters, now, inactivityDays: space.inactivityDays };
  const xlsxMaxRows = options.xlsxMaxRows ?? XLSX_MAX_DATA_ROWS;
  const { batchSize } = options;

  // Counting one past the Excel limit is enough to refuse; a CSV is counted whole for the audit.
  const rows =
    "ids" in request
      ? await pickedRows(db, query, request.ids)
      : await filteredRows(db, runner.databaseUrl, query, batchSize, format === "xlsx" ? xlsxMaxRows + 1 : null);
  if (format === "xlsx" && rows.count > xlsxMaxRows) throw new XlsxTooLarge(rows.count, xlsxMaxRows);

  const audit: ExportAudit = {
    format,
    scope: request.scope,
    ...("filters" in request ? { filters: request.filters } : {}),
    ...("ids" in request ? { ids: request.ids.length } : {}),
    rowCount: rows.count,
  };
  const filename = fileName(space.slug, now, format);

  await runWrite(db, runner.auditActor, runner.source, (ctx) => recordUserExport(ctx, actor, audit));
  if (format === "csv") {
    return { filename, contentType: CONTENT_TYPES.csv, rowCount: rows.count, body: { kind: "stream", chunks: rows.csv() } };
  }
  // Rows added since the count could pass the limit: the writer then stops the file with an
  // error (a cut download, logged) rather than send a list cut short.
  const chunks = xlsxStream(rows.batches(), { maxRows: xlsxMaxRows, now });
  return { filename, contentType: CONTENT_TYPES.xlsx, rowCount: rows.count, body: { kind: "stream", chunks } };
}
