"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import type { BulkActionName } from "@/lib/users/bulk-schema";
import type { BulkReport } from "./bulk-actions";
import { formatNumber } from "./format-count";

const TITLES: Record<BulkActionName, (workspace: string | null) => string> = {
  invite: () => "Invitations",
  disable: () => "Users disabled",
  enable: () => "Users enabled",
  addToWorkspace: (w) => `Users added to ${w ?? "the workspace"}`,
  removeFromWorkspace: (w) => `Users removed from ${w ?? "the workspace"}`,
};

/** What a bulk action did: how many users changed, and the skipped ones grouped by reason. */
export function BulkReportDialog({ report, onClose }: { report: BulkReport | null; onClose: () => void }) {
  return (
    <Dialog open={report !== null} onOpenChange={(open) => !open && onClose()}>
      {report && (
        <DialogContent
          title={TITLES[report.action](report.workspace)}
          description={`Done: ${formatNumber(report.result.done)} · Skipped: ${formatNumber(report.result.skipped)}`}
        >
          {report.result.reasons.length > 0 && (
            <section aria-label="Skipped users" className="grid gap-2">
              <h3 className="text-sm font-semibold">Skipped</h3>
              <ul className="grid gap-2 text-sm">
                {report.result.reasons.map((r) => {
                  const more = r.count - r.examples.length;
                  return (
                    <li key={r.reason} className="rounded-md border px-3 py-2">
                      <p className="font-medium">
                        {r.reason}: {formatNumber(r.count)}
                      </p>
                      {r.examples.length > 0 && (
                        <p className="text-muted-foreground">
                          {r.examples.join(", ")}
                          {more > 0 ? ` and ${formatNumber(more)} more` : ""}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button">Close</Button>
            </DialogClose>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
