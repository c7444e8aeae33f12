import { Laptop, Smartphone } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ActiveSession } from "@/db/queries/account-sessions";
import { describeDevice } from "@/lib/auth/device";
import { formatDateTime } from "@/lib/format";
import { EndSessionButton } from "./session-buttons";

type Row = ActiveSession & { device: ReturnType<typeof describeDevice>; current: boolean };

function DeviceName({ row }: { row: Row }) {
  const Icon = row.device.mobile ? Smartphone : Laptop;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Icon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
      <span className="font-medium">{row.device.label}</span>
      {row.current && <Badge variant="info">This device</Badge>}
    </div>
  );
}

const lastSeen = (row: Row) => (row.current ? "Now" : formatDateTime(row.lastSeenAt));

/**
 * The person's sessions: a table from small tablets up, a list of cards on phones, where a
 * six-column table would hide the Sign out buttons off-screen.
 */
export function SessionsList({ sessions, currentId }: { sessions: ActiveSession[]; currentId?: string }) {
  const rows: Row[] = sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent), current: s.id === currentId }));
  return (
    <>
      <div className="hidden sm:block">
        <Table aria-label="Active sessions">
          <THead>
            <Tr>
              <Th>Device</Th>
              <Th>Address</Th>
              <Th className="hidden lg:table-cell">Clientspace</Th>
              <Th className="hidden md:table-cell">Started</Th>
              <Th>Last seen</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {rows.map((row) => (
              <Tr key={row.id}>
                <Td>
                  <DeviceName row={row} />
                </Td>
                <Td className="whitespace-nowrap tabular-nums">{row.ipAddress ?? "Unknown"}</Td>
                <Td className="hidden lg:table-cell">{row.clientspaceName ?? "—"}</Td>
                <Td className="hidden whitespace-nowrap md:table-cell">{formatDateTime(row.createdAt)}</Td>
                <Td className="whitespace-nowrap">{lastSeen(row)}</Td>
                <Td className="text-right">{!row.current && <EndSessionButton sessionId={row.id} device={row.device.label} />}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>
      <ul className="divide-y sm:hidden" aria-label="Active sessions">
        {rows.map((row) => (
          <li key={row.id} className="flex items-start justify-between gap-3 p-4">
            <div className="grid gap-1 text-sm">
              <DeviceName row={row} />
              <p className="text-muted-foreground">
                {row.ipAddress ?? "Unknown address"}
                {row.clientspaceName ? ` · ${row.clientspaceName}` : ""}
              </p>
              <p className="text-muted-foreground">Last seen: {lastSeen(row)}</p>
            </div>
            {!row.current && <EndSessionButton sessionId={row.id} device={row.device.label} />}
          </li>
        ))}
      </ul>
    </>
  );
}
