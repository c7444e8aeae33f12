"use client";

import { Suspense } from "react";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
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
 * Shown while anything is selected. The bulk actions (issue 4) go after the summary and read the
 * selection with useDirectorySelection(): a list of ids, or "all matching these filters".
 */
export function BulkBar() {
  const { selection, size, isEmpty, clear } = useDirectorySelection();
  if (isEmpty) return null;
  return (
    <div role="region" aria-label="Selection" className="flex flex-wrap items-center gap-3 rounded-lg border border-primary/30 bg-accent px-3 py-2 text-sm">
      <p aria-live="polite" className="font-medium text-accent-foreground">
        {selection.mode === "filter" ? `All ${formatCount(selection)} matching users selected` : `${formatNumber(size)} selected`}
      </p>
      <Suspense fallback={null}>
        <SelectAllMatching />
      </Suspense>
      <Button variant="ghost" size="sm" className="ml-auto" onClick={clear}>
        <X aria-hidden="true" />
        Clear selection
      </Button>
    </div>
  );
}
