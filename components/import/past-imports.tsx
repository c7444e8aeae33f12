import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ImportJobStatus } from "@/lib/import/job";
import { formatDateTime } from "@/lib/format";
import { importPath, STATUS_BADGE, STATUS_LABEL } from "./labels";

/** The clientspace's past imports (a super-user's own), each linking to its page: preview, progress or report. */
export function PastImports({ jobs }: { jobs: ImportJobStatus[] }) {
  if (jobs.length === 0) return <p className="text-sm text-muted-foreground">No import yet.</p>;
  return (
    <Table aria-label="Past imports">
      <THead>
        <Tr>
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
          <Tr key={job.id}>
            <Td>
              <Link href={importPath(job.id)} className="font-medium text-primary underline-offset-4 hover:underline">
                {job.fileName}
              </Link>
            </Td>
            <Td>{formatDateTime(job.createdAt)}</Td>
            <Td>
              <Badge variant={STATUS_BADGE[job.status]}>{STATUS_LABEL[job.status]}</Badge>
            </Td>
            <Td className="text-right tabular-nums">{job.rowsTotal.toLocaleString("en")}</Td>
            <Td className="text-right tabular-nums">{job.counts.create.toLocaleString("en")}</Td>
            <Td className="text-right tabular-nums">{job.counts.update.toLocaleString("en")}</Td>
            <Td className="text-right tabular-nums">{job.counts.unchanged.toLocaleString("en")}</Td>
            <Td className="text-right tabular-nums">{job.counts.error.toLocaleString("en")}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
