"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { discardImportsAction } from "@/app/(console)/admin/users/import/past-imports-actions";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormMessage } from "@/components/ui/form-message";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { ImportJobStatus } from "@/lib/import/job";
import { formatDateTime } from "@/lib/format";
import { useHydrated } from "@/lib/hooks/use-hydrated";
import { importPath, STATUS_BADGE, STATUS_LABEL } from "./labels";

/** Only these can be discarded: a run's history is never deleted (lib/import/abandoned.ts). */
const notStarted = (job: ImportJobStatus) => job.status === "uploaded" || job.status === "previewed";

const previews = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "preview" : "previews"}`;

function DiscardSelected({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<string | null>(null);

  const confirm = () =>
    startTransition(async () => {
      const result = await discardImportsAction(null, { jobIds: ids });
      router.refresh();
      if (!result.ok) {
        setFailure(result.message);
        toast.error(result.message);
        return;
      }
      toast.success(result.message);
      setOpen(false);
      onDone();
    });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setFailure(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" disabled={!hydrated || ids.length === 0}>
          <Trash2 aria-hidden="true" />
          Discard selected
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        title={`Discard ${previews(ids.length)}?`}
        description="Their uploaded rows are deleted and they can no longer be started. Nothing was imported from them, so no user changes. This cannot be undone."
      >
        <FormMessage>{failure}</FormMessage>
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </AlertDialogCancel>
          <Button variant="destructive" onClick={confirm} disabled={pending} aria-busy={pending || undefined}>
            {pending ? "Discarding…" : `Discard ${previews(ids.length)}`}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

const count = (n: number) => n.toLocaleString("en");

function FileLink({ job }: { job: ImportJobStatus }) {
  return (
    <Link href={importPath(job.id)} className="font-medium text-primary underline-offset-4 hover:underline">
      {job.fileName}
    </Link>
  );
}

type RowProps = { job: ImportJobStatus; on: boolean; onToggle: (on: boolean) => void };
/** The checkbox column shows only while some preview can be chosen. */
type TableRowProps = RowProps & { selectable: boolean };

function SelectJob({ job, on, onToggle }: RowProps) {
  return (
    <Checkbox
      aria-label={`Select ${job.fileName}, uploaded ${formatDateTime(job.createdAt)}`}
      checked={on}
      onCheckedChange={(value) => onToggle(value === true)}
    />
  );
}

function JobRow({ selectable, ...props }: TableRowProps) {
  const { job, on } = props;
  return (
    <Tr data-state={on ? "selected" : undefined}>
      {selectable && <Td>{notStarted(job) && <SelectJob {...props} />}</Td>}
      <Td>
        <FileLink job={job} />
      </Td>
      <Td className="whitespace-nowrap">{formatDateTime(job.createdAt)}</Td>
      <Td>
        <Badge variant={STATUS_BADGE[job.status]}>{STATUS_LABEL[job.status]}</Badge>
      </Td>
      <Td className="text-right tabular-nums">{count(job.rowsTotal)}</Td>
      <Td className="text-right tabular-nums">{count(job.counts.create)}</Td>
      <Td className="text-right tabular-nums">{count(job.counts.update)}</Td>
      <Td className="text-right tabular-nums">{count(job.counts.unchanged)}</Td>
      <Td className="text-right tabular-nums">{count(job.counts.error)}</Td>
    </Tr>
  );
}

/** On phones: a card, where nine columns would push the counts off-screen. */
function JobCard({ selectable, ...props }: TableRowProps) {
  const { job, on } = props;
  const ran = !notStarted(job);
  return (
    <li className="flex items-start gap-3 p-4 data-[state=selected]:bg-accent" data-state={on ? "selected" : undefined}>
      {selectable && <div className="flex h-5 w-4 shrink-0 items-center">{!ran && <SelectJob {...props} />}</div>}
      <div className="grid min-w-0 gap-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <span className="break-all">
            <FileLink job={job} />
          </span>
          <Badge variant={STATUS_BADGE[job.status]}>{STATUS_LABEL[job.status]}</Badge>
        </div>
        <p className="text-muted-foreground">
          {formatDateTime(job.createdAt)} · {count(job.rowsTotal)} {job.rowsTotal === 1 ? "row" : "rows"}
        </p>
        {ran && (
          <p className="tabular-nums text-muted-foreground">
            Created {count(job.counts.create)} · Updated {count(job.counts.update)} · Unchanged {count(job.counts.unchanged)} · Errors {count(job.counts.error)}
          </p>
        )}
      </div>
    </li>
  );
}

/**
 * The clientspace's past imports (a super-user's own), each linking to its page: preview, progress
 * or report; a table from small tablets up, cards on phones. Previews not started can be chosen
 * and discarded together; they also go by themselves a day after their upload.
 */
export function PastImports({ jobs }: { jobs: ImportJobStatus[] }) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  if (jobs.length === 0) return <p className="text-sm text-muted-foreground">No import yet.</p>;

  const discardable = jobs.filter(notStarted).map((j) => j.id);
  // Only ids still listed: a refresh may have removed some (run meanwhile, discarded elsewhere).
  const selected = discardable.filter((id) => chosen.has(id));
  const all = discardable.length > 0 && selected.length === discardable.length;
  const selectAll = (
    <Checkbox
      aria-label="Select all previews not started"
      checked={all ? true : selected.length > 0 ? "indeterminate" : false}
      onCheckedChange={() => setChosen(all ? new Set() : new Set(discardable))}
    />
  );
  const rowProps = (job: ImportJobStatus): RowProps => ({
    job,
    on: notStarted(job) && chosen.has(job.id),
    onToggle: (on) =>
      setChosen((prev) => {
        const next = new Set(prev);
        if (on) next.add(job.id);
        else next.delete(job.id);
        return next;
      }),
  });

  return (
    <div className="grid gap-3">
      {discardable.length > 0 && (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <label className="flex items-center gap-2 pl-4 text-sm font-medium sm:hidden">
            {selectAll}
            Select all
          </label>
          <DiscardSelected ids={selected} onDone={() => setChosen(new Set())} />
          <p aria-live="polite" className="basis-full text-sm text-muted-foreground sm:basis-auto">
            {selected.length > 0
              ? `${previews(selected.length)} selected.`
              : "Previews not started are removed a day after their upload, or select them to discard now."}
          </p>
        </div>
      )}
      <div className="hidden sm:block">
        <Table aria-label="Past imports">
          <THead>
            <Tr>
              {discardable.length > 0 && <Th>{selectAll}</Th>}
              <Th>File</Th>
              <Th>Uploaded</Th>
              <Th>Status</Th>
              <Th className="text-right">Rows</Th>
              <Th className="text-right">Created</Th>
              <Th className="text-right">Updated</Th>
              <Th className="text-right">Unchanged</Th>
              <Th className="text-right">Errors</Th>
            </Tr>
          </THead>
          <TBody>
            {jobs.map((job) => (
              <JobRow key={job.id} {...rowProps(job)} selectable={discardable.length > 0} />
            ))}
          </TBody>
        </Table>
      </div>
      <ul aria-label="Past imports" className="divide-y rounded-lg border sm:hidden">
        {jobs.map((job) => (
          <JobCard key={job.id} {...rowProps(job)} selectable={discardable.length > 0} />
        ))}
      </ul>
    </div>
  );
}
