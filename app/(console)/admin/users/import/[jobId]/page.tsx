import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ImportProgress } from "@/components/import/import-progress";
import { ImportReportView } from "@/components/import/import-report";
import { FINISHED_STATUSES } from "@/components/import/labels";
import { MappingForm } from "@/components/import/mapping-form";
import { RowsTable } from "@/components/import/rows-table";
import { StartPanel } from "@/components/import/start-panel";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current-user";
import type { SignedInUser } from "@/lib/auth/session-check";
import { DomainError } from "@/lib/errors";
import { loadImportJob, plannedCounts, statusOf, type ImportJobStatus } from "@/lib/import/job";
import { listImportMappings } from "@/lib/import/mappings";
import { getImportReport, listImportRows, warnedCount } from "@/lib/import/report";
import { fieldColumns } from "@/lib/import/row-values";
import type { ColumnMapping } from "@/lib/transfer/fields";
import { validateMapping } from "@/lib/transfer/mapping";
import { plural } from "@/lib/format";

export const metadata: Metadata = { title: "Import users" };

const PAGE = 50;

/** The job as this user may see it; anything else (another clientspace, another's import) is a 404. */
async function jobOr404(user: SignedInUser, jobId: string) {
  try {
    return await loadImportJob(await getDb(), user, jobId);
  } catch (err) {
    if (err instanceof DomainError) notFound();
    throw err;
  }
}

/** One page for the whole life of an import, driven by its status: preview, progress, report. */
export default async function ImportJobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const user = await requirePagePermission("users.import");
  const { jobId } = await params;
  const job = await jobOr404(user, jobId);
  const status = statusOf(job);
  const mapping = job.mapping as ColumnMapping;

  return (
    <>
      <PageHeader title={`Import: ${job.fileName}`} description={`${plural(job.rowsTotal, "row")}.`} />
      <div className="grid gap-6">
        {status.status === "previewed" ? (
          <Preview user={user} job={status} headers={job.headers} mapping={mapping} />
        ) : FINISHED_STATUSES.includes(status.status) ? (
          <ImportReportView report={await getImportReport(await getDb(), user, job.id, { page: 1, pageSize: PAGE })} mapping={mapping} />
        ) : (
          <ImportProgress key={status.status} initial={status} />
        )}
        <p className="text-sm">
          <Link href="/admin/users/import" className="text-primary underline-offset-4 hover:underline">
            Back to imports
          </Link>
        </p>
      </div>
    </>
  );
}

/** "2 lines before the header row were skipped: “version:v1.0”, “# Users”." */
function preambleNote(preamble: string[]): string | null {
  if (preamble.length === 0) return null;
  const lines = preamble.length === 1 ? "1 line before the header row was" : `${preamble.length} lines before the header row were`;
  const shown = preamble.filter((l) => l.trim() !== "").map((l) => `“${l}”`);
  return `${lines} skipped${shown.length > 0 ? `: ${shown.join(", ")}` : " (empty)"}. The row numbers below are the file’s.`;
}

async function Preview({ user, job, headers, mapping }: { user: SignedInUser; job: ImportJobStatus; headers: string[]; mapping: ColumnMapping }) {
  const db = await getDb();
  const jobId = job.id;
  const [counts, warned, rows, saved] = await Promise.all([
    plannedCounts(db, user, jobId),
    warnedCount(db, user, jobId),
    listImportRows(db, user, jobId, { page: 1, pageSize: PAGE }),
    listImportMappings(db, user),
  ]);
  const problems = validateMapping(mapping);
  const skipped = preambleNote(job.preamble);
  const warnings = [...(skipped ? [skipped] : []), ...fieldColumns({ headers }, mapping).warnings];
  const { sendInvitations, strict } = job;
  // Keyed by what the server holds: a new mapping or saved one applied starts the forms afresh.
  const key = JSON.stringify([mapping, sendInvitations, strict, counts, warned]);
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>1. Map the columns</CardTitle>
          <CardDescription>Each column of the file feeds the field chosen here, or is ignored.</CardDescription>
        </CardHeader>
        <CardContent>
          <MappingForm key={key} jobId={jobId} headers={headers} mapping={mapping} problems={problems} warnings={warnings} saved={saved} sendInvitations={sendInvitations} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>2. Check the preview</CardTitle>
          <CardDescription>Nothing is changed yet. Every row says what it will do, or why it is refused.</CardDescription>
        </CardHeader>
        <CardContent>
          <RowsTable key={key} jobId={jobId} initial={rows} headers={headers} mapping={mapping} counts={counts} warned={warned} label="Preview rows" />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>3. Run the import</CardTitle>
        </CardHeader>
        <CardContent>
          <StartPanel key={key} jobId={jobId} mapping={mapping} counts={counts} warned={warned} sendInvitations={sendInvitations} strict={strict} blocked={problems.length > 0} />
        </CardContent>
      </Card>
    </>
  );
}
