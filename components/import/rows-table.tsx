"use client";

import { useState, useTransition } from "react";
import { TriangleAlert } from "lucide-react";
import { listImportRowsAction } from "@/app/(console)/admin/users/import/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { PreviewCounts } from "@/lib/import/preview";
import type { ReportRow, RowFilter } from "@/lib/import/report";
import type { ColumnMapping } from "@/lib/transfer/fields";
import { fieldLabel, OUTCOME_BADGE, OUTCOME_LABEL, OUTCOMES } from "./labels";

export type RowsPage = { rows: ReportRow[]; total: number; page: number; pageSize: number };

/** Who a row is about, from its own cells: email, else ID, with the names when given. */
function identity(cells: string[], headers: string[], mapping: ColumnMapping): string {
  const cell = (field: string) => {
    const k = headers.findIndex((h) => mapping[h] === field);
    return k === -1 ? "" : (cells[k] ?? "").trim();
  };
  const name = [cell("firstName"), cell("lastName")].filter(Boolean).join(" ");
  const key = cell("email") || cell("id") || cell("username");
  return [name, key].filter(Boolean).join(" · ") || "—";
}

/** What the row changes, or "No change"; the values left out follow, so the admin sees both. */
function Details({ row }: { row: ReportRow }) {
  if (row.error) return <span className="text-danger">{row.error}</span>;
  return (
    <div className="grid gap-1">
      {row.changes.length > 0 ? (
        <ul className="grid gap-0.5">
          {row.changes.map((c) => (
            <li key={c.field}>
              <span className="font-medium">{fieldLabel(c.field)}</span>: {c.before ? `${c.before} → ` : ""}
              {c.after || "(empty)"}
            </li>
          ))}
        </ul>
      ) : (
        <span className="text-muted-foreground">No change</span>
      )}
      {row.warnings.length > 0 && (
        <ul aria-label={`Row ${row.rowNumber} warnings`} className="grid gap-0.5 text-warning">
          {row.warnings.map((w) => (
            <li key={w} className="flex gap-1.5">
              <TriangleAlert aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
              <span>{w}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A job's rows, a page at a time: the preview (with the outcome filters) or the report's failed
 * or warned rows (`fixed`). Each row says what changes (before → after), what was left out and
 * why, or why it is refused.
 */
export function RowsTable({
  jobId,
  initial,
  headers,
  mapping,
  counts,
  warned = 0,
  fixed,
  label,
}: {
  jobId: string;
  initial: RowsPage;
  headers: string[];
  mapping: ColumnMapping;
  counts?: PreviewCounts;
  /** Rows with warnings, shown as a filter beside the outcomes when there are any. */
  warned?: number;
  fixed?: RowFilter;
  label: string;
}) {
  const [data, setData] = useState(initial);
  const [outcome, setOutcome] = useState<RowFilter | undefined>(fixed);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));

  const load = (next: { outcome?: RowFilter; page: number }) =>
    startTransition(async () => {
      const result = await listImportRowsAction(null, { jobId, outcome: next.outcome, page: next.page });
      if (!result.ok || !result.data) return setFailure(result.message);
      setFailure(null);
      setOutcome(next.outcome);
      setData(result.data);
    });

  return (
    <div className="grid gap-3">
      {counts && !fixed && (
        <div role="group" aria-label="Show rows" className="flex flex-wrap gap-2">
          <Button type="button" size="sm" variant={outcome === undefined ? "secondary" : "outline"} aria-pressed={outcome === undefined} onClick={() => load({ page: 1 })}>
            All: {OUTCOMES.reduce((n, o) => n + counts[o], 0).toLocaleString("en")}
          </Button>
          {OUTCOMES.map((o) => (
            <Button key={o} type="button" size="sm" variant={outcome === o ? "secondary" : "outline"} aria-pressed={outcome === o} onClick={() => load({ outcome: o, page: 1 })}>
              {OUTCOME_LABEL[o]}: {counts[o].toLocaleString("en")}
            </Button>
          ))}
          {warned > 0 && (
            <Button type="button" size="sm" variant={outcome === "warned" ? "secondary" : "outline"} aria-pressed={outcome === "warned"} onClick={() => load({ outcome: "warned", page: 1 })}>
              <TriangleAlert aria-hidden="true" className="text-warning" />
              With warnings: {warned.toLocaleString("en")}
            </Button>
          )}
        </div>
      )}
      <FormMessage>{failure}</FormMessage>
      {data.rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No rows here.</p>
      ) : (
        <Table aria-label={label} aria-busy={pending || undefined}>
          <THead>
            <Tr>
              <Th className="w-16">Row</Th>
              <Th>User</Th>
              <Th className="hidden sm:table-cell">Outcome</Th>
              <Th className="hidden sm:table-cell">Details</Th>
            </Tr>
          </THead>
          <TBody>
            {data.rows.map((row) => (
              <Tr key={row.rowNumber}>
                <Td className="tabular-nums">{row.rowNumber}</Td>
                <Td className="whitespace-normal">
                  {identity(row.cells, headers, mapping)}
                  {/* On a phone the outcome and details go under the person: four columns do not fit. */}
                  <div className="mt-1.5 grid gap-1.5 sm:hidden">
                    <Badge variant={OUTCOME_BADGE[row.outcome]} className="justify-self-start">
                      {OUTCOME_LABEL[row.outcome]}
                    </Badge>
                    <Details row={row} />
                  </div>
                </Td>
                <Td className="hidden sm:table-cell">
                  <Badge variant={OUTCOME_BADGE[row.outcome]}>{OUTCOME_LABEL[row.outcome]}</Badge>
                </Td>
                <Td className="hidden whitespace-normal sm:table-cell">
                  <Details row={row} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {pages > 1 && (
        <nav aria-label={`${label} pages`} className="flex items-center gap-2 text-sm">
          <Button type="button" size="sm" variant="outline" disabled={pending || data.page <= 1} onClick={() => load({ outcome, page: data.page - 1 })}>
            Previous
          </Button>
          <span>
            Page {data.page} of {pages}
          </span>
          <Button type="button" size="sm" variant="outline" disabled={pending || data.page >= pages} onClick={() => load({ outcome, page: data.page + 1 })}>
            Next
          </Button>
        </nav>
      )}
    </div>
  );
}
