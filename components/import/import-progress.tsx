"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { cancelImportAction, importStatusAction } from "@/app/(console)/admin/users/import/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { toast } from "@/components/ui/toaster";
import type { ImportJobStatus } from "@/lib/import/job";
import { FINISHED_STATUSES, OUTCOME_LABEL, OUTCOMES, STATUS_LABEL } from "./labels";

const POLL_MS = 1000;

/**
 * A running import: rows done out of the total, asked of the server every second. It holds no
 * state of its own, so a reload picks the run up where it is; when the job ends the page reloads
 * into the report.
 */
export function ImportProgress({ initial }: { initial: ImportJobStatus }) {
  const router = useRouter();
  const [job, setJob] = useState(initial);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // Ended, or a job being prepared now previewed: either way the page has another step to show.
  const moved = FINISHED_STATUSES.includes(job.status) || (initial.status === "uploaded" && job.status !== "uploaded");

  useEffect(() => {
    if (moved) {
      router.refresh();
      return;
    }
    const timer = setTimeout(async () => {
      const result = await importStatusAction(null, { jobId: job.id });
      if (result.ok && result.data) {
        setFailure(null);
        setJob(result.data);
      } else {
        // Keeps polling: a blip of the network should not leave a stale bar behind.
        setFailure(result.message);
        setJob((j) => ({ ...j }));
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, moved, router]);

  const cancel = () =>
    startTransition(async () => {
      const result = await cancelImportAction(null, { jobId: job.id });
      if (result.ok && result.data) {
        toast.success(result.message);
        setJob(result.data);
      } else toast.error(result.message);
    });

  const percent = job.rowsTotal === 0 ? 0 : Math.round((job.rowsDone / job.rowsTotal) * 100);
  const preparing = job.status === "uploaded";
  return (
    <section aria-labelledby="import-progress" className="grid gap-4">
      <h2 id="import-progress" className="text-base font-semibold">
        {preparing ? "Preparing the preview" : `Import ${STATUS_LABEL[job.status].toLowerCase()}`}
      </h2>
      {preparing ? (
        <p className="text-sm">Reading and checking the rows: the preview opens when it is ready.</p>
      ) : (
        <>
          <div
            role="progressbar"
            aria-label="Rows done"
            aria-valuemin={0}
            aria-valuemax={job.rowsTotal}
            aria-valuenow={job.rowsDone}
            aria-valuetext={`${job.rowsDone.toLocaleString("en")} of ${job.rowsTotal.toLocaleString("en")} rows`}
            className="h-3 w-full overflow-hidden rounded-full bg-muted"
          >
            <div className="h-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-sm" aria-live="polite">
            {job.rowsDone.toLocaleString("en")} of {job.rowsTotal.toLocaleString("en")} rows done ({percent}%).{" "}
            {OUTCOMES.map((o) => `${OUTCOME_LABEL[o]}: ${job.counts[o].toLocaleString("en")}`).join(" · ")}
          </p>
        </>
      )}
      <FormMessage>{failure}</FormMessage>
      {job.status === "running" && (
        <div>
          <Button type="button" variant="destructive" onClick={cancel} disabled={pending}>
            Cancel import
          </Button>
          <p className="mt-2 text-sm text-muted-foreground">The import stops after the current batch; the report says what was applied.</p>
        </div>
      )}
      {job.status === "cancelling" && <p className="text-sm">Cancelling: the import stops after the current batch.</p>}
    </section>
  );
}
