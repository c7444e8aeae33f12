import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ImportReport } from "@/lib/import/report";
import type { ColumnMapping } from "@/lib/transfer/fields";
import { importPath, OUTCOME_LABEL, OUTCOMES, STATUS_BADGE, STATUS_LABEL } from "./labels";
import { RowsTable } from "./rows-table";

const SUMMARY: Record<string, string> = {
  completed: "Every row was processed.",
  cancelled: "The import was cancelled: the rows counted below were applied, the others were not.",
  interrupted: "The import was interrupted: the rows counted below were applied, the others were not.",
  failed: "The import stopped on an error: the rows counted below were applied, the others were not.",
};

/** The report of a finished import: what it applied, the failed rows with reasons, the error file. */
export function ImportReportView({ report, mapping }: { report: ImportReport; mapping: ColumnMapping }) {
  const { job, failed, warnedRows } = report;
  return (
    <section aria-labelledby="import-report" className="grid gap-5">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="import-report" className="text-base font-semibold">
          Report
        </h2>
        <Badge variant={STATUS_BADGE[job.status]}>{STATUS_LABEL[job.status]}</Badge>
      </div>
      <div role="status" className="grid gap-1 text-sm">
        <p>{SUMMARY[job.status] ?? ""}</p>
        {job.message && <p>{job.message}</p>}
        <p>
          {job.rowsDone.toLocaleString("en")} of {job.rowsTotal.toLocaleString("en")} rows processed.
        </p>
      </div>
      <dl aria-label="Rows per outcome" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {OUTCOMES.map((o) => (
          <div key={o} className="rounded-md border p-3">
            <dt className="text-sm text-muted-foreground">{OUTCOME_LABEL[o]}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{report.applied[o].toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="text-sm font-semibold">Failed rows: {failed.total.toLocaleString("en")}</h3>
          {failed.total > 0 && (
            <Button asChild variant="outline">
              <a href={`${importPath(job.id)}/errors`} download>
                <Download aria-hidden="true" />
                Download error file
              </a>
            </Button>
          )}
        </div>
        {failed.total > 0 ? (
          <RowsTable jobId={job.id} initial={failed} headers={report.headers} mapping={mapping} fixed="error" label="Failed rows" />
        ) : (
          <p className="text-sm text-muted-foreground">No row failed.</p>
        )}
      </div>
      {warnedRows.total > 0 && (
        <div className="grid gap-3">
          <div className="grid gap-1">
            <h3 className="text-sm font-semibold">Applied with warnings: {warnedRows.total.toLocaleString("en")}</h3>
            <p className="text-sm text-muted-foreground">These rows went in without the values named below; fix them in the file and import it again, or change them in the console.</p>
          </div>
          <RowsTable jobId={job.id} initial={warnedRows} headers={report.headers} mapping={mapping} fixed="warned" label="Rows with warnings" />
        </div>
      )}
    </section>
  );
}
