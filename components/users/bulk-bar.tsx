"use client";

import { Suspense, useState } from "react";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { BulkChoices } from "@/lib/users/bulk-schema";
import { BulkActions, type BulkReport } from "./bulk-actions";
import { BulkReportDialog } from "./bulk-report";
import { ExportSelection } from "./export-selection";
import { formatCount, formatNumber } from "./format-count";
import { useDirectorySelection } from "./selection-context";
import { useSettledValue } from "./use-settled-value";

/** Once the whole page is picked, a selection can grow to every user the filters match. */
function SelectAllMatching() {
  const { selection, pageIds, countPromise, selectAllMatching } = useDirectorySelection();
  const { value, stale } = useSettledValue(countPromise);
  if (selection.mode !== "ids" || stale || pageIds.length === 0) return null;
  if (!pageIds.every((id) => selection.ids.has(id)) || value.count <= selection.ids.size) return null;
  return (
    <Button variant="link" size="sm" onClick={() => selectAllMatching(value)}>
      Select all {formatCount(value)} matching users
    </Button>
  );
}

/**
 * Shown while anything is selected, with the bulk actions (issue 4) that read the selection with
 * useDirectorySelection(): a list of ids, or "all matching these filters". The report of a run
 * outlives the bar: the selection is cleared as soon as the run is done.
 */
export function BulkBar({ choices }: { choices?: BulkChoices }) {
  const { selection, size, isEmpty, clear, readOnly } = useDirectorySelection();
  const [report, setReport] = useState<BulkReport | null>(null);
  return (
    <>
      {!isEmpty && (
        <div role="region" aria-label="Selection" className="flex flex-wrap items-center gap-3 rounded-lg border border-primary/30 bg-accent px-3 py-2 text-sm">
          <p aria-live="polite" className="font-medium text-accent-foreground">
            {selection.mode === "filter" ? `All ${formatCount(selection)} matching users selected` : `${formatNumber(size)} selected`}
          </p>
          <Suspense fallback={null}>
            <SelectAllMatching />
          </Suspense>
          {!readOnly && choices && <BulkActions choices={choices} onReport={setReport} />}
          {choices?.export && <ExportSelection />}
          <Button variant="ghost" size="sm" className="ml-auto" onClick={clear}>
            <X aria-hidden="true" />
            Clear selection
          </Button>
        </div>
      )}
      <BulkReportDialog report={report} onClose={() => setReport(null)} />
    </>
  );
}
