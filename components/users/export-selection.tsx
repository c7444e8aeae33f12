"use client";

import { Button } from "@/components/ui/button";
import { formatNumber } from "./format-count";
import { EXPORT_PATH, exportHref, MAX_EXPORT_IDS, type ExportFormat } from "@/lib/users/export-schema";
import { useDirectorySelection } from "./selection-context";

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: "csv", label: "CSV" },
  { format: "xlsx", label: "Excel" },
];

/**
 * "Export selection" in the selection bar, offered to auditors too (they change nothing). Picked
 * ids go by a plain form POST (too many for a URL); "all matching" is a link with the filters.
 * The browser downloads what the route sends: no file is built on the client.
 */
export function ExportSelection() {
  const { selection, size } = useDirectorySelection();
  if (selection.mode === "filter") {
    return (
      <div role="group" aria-label="Export selection" className="flex items-center gap-2">
        <span className="text-muted-foreground">Export:</span>
        {FORMATS.map(({ format, label }) => (
          <Button key={format} asChild size="sm" variant="outline">
            <a href={exportHref(format, "selection", selection.filters)} download>
              {label}
            </a>
          </Button>
        ))}
      </div>
    );
  }
  const tooMany = size > MAX_EXPORT_IDS;
  return (
    <form method="post" action={EXPORT_PATH} role="group" aria-label="Export selection" className="flex items-center gap-2">
      <input type="hidden" name="scope" value="selection" />
      {[...selection.ids].map((id) => (
        <input key={id} type="hidden" name="ids" value={id} />
      ))}
      <span className="text-muted-foreground">Export:</span>
      {FORMATS.map(({ format, label }) => (
        <Button
          key={format}
          type="submit"
          name="format"
          value={format}
          size="sm"
          variant="outline"
          disabled={tooMany}
          title={tooMany ? `Select at most ${formatNumber(MAX_EXPORT_IDS)} users, or select all matching a filter.` : undefined}
        >
          {label}
        </Button>
      ))}
    </form>
  );
}
