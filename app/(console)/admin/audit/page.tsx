import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { listRecentAuditEvents } from "@/db/queries/audit";
import { PageHeader } from "@/components/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/current-user";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const user = await requirePagePermission("audit.view");
  const events = await listRecentAuditEvents(await getDb(), user.clientspaceId, 50);
  return (
    <>
      <PageHeader title="Audit log" description="The 50 most recent changes in this clientspace, newest first." />
      {events.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing has been recorded yet.</p>
      ) : (
        <Table aria-label="Audit events">
          <THead>
            <Tr>
              <Th scope="col">When</Th>
              <Th scope="col">Who</Th>
              <Th scope="col">Action</Th>
              <Th scope="col">Target</Th>
              <Th scope="col">Source</Th>
            </Tr>
          </THead>
          <TBody>
            {events.map((e) => (
              <Tr key={e.id}>
                <Td>{formatDateTime(e.createdAt)}</Td>
                <Td>{e.actorLabel}</Td>
                <Td>
                  <code className="text-xs">{e.action}</code>
                </Td>
                <Td>{e.targetLabel ?? e.targetId ?? "—"}</Td>
                <Td>{e.source}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
