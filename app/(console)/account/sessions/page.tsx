import type { Metadata } from "next";
import Link from "next/link";
import { Laptop, Smartphone } from "lucide-react";
import { getDb } from "@/db/client";
import { listActiveSessions } from "@/db/queries/account-sessions";
import { EndOtherSessionsButton, EndSessionButton } from "@/components/account/session-buttons";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/current-user";
import { describeDevice } from "@/lib/auth/device";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Active sessions" };

/**
 * Every browser signed in to this account (SPEC section 8), whatever the role: ending one here
 * ends it at the server, so a cookie copied from that browser is worth nothing afterwards.
 */
export default async function ActiveSessionsPage() {
  const user = await requireUser();
  const now = new Date();
  const sessions = await listActiveSessions(await getDb(), user.accountId, now);
  const others = sessions.filter((s) => s.id !== user.sessionId).length;
  return (
    <>
      <PageHeader
        title="Active sessions"
        description={
          <>
            The browsers signed in to your account, in every clientspace. If you do not recognise one, sign it out and{" "}
            <Link href="/account/password" className="underline underline-offset-4 hover:text-foreground">
              change your password
            </Link>
            .
          </>
        }
        actions={<EndOtherSessionsButton disabled={others === 0} />}
      />
      <Card className="max-w-5xl">
        <CardContent className="p-0">
          <Table aria-label="Active sessions">
            <THead>
              <Tr>
                <Th>Device</Th>
                <Th>Address</Th>
                <Th className="hidden md:table-cell">Clientspace</Th>
                <Th className="hidden sm:table-cell">Started</Th>
                <Th>Last seen</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {sessions.map((s) => {
                const device = describeDevice(s.userAgent);
                const current = s.id === user.sessionId;
                const Icon = device.mobile ? Smartphone : Laptop;
                return (
                  <Tr key={s.id}>
                    <Td>
                      <div className="flex items-center gap-2">
                        <Icon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                        <span className="font-medium">{device.label}</span>
                        {current && <Badge variant="info">This device</Badge>}
                      </div>
                    </Td>
                    <Td className="whitespace-nowrap tabular-nums">{s.ipAddress ?? "Unknown"}</Td>
                    <Td className="hidden md:table-cell">{s.clientspaceName ?? "—"}</Td>
                    <Td className="hidden whitespace-nowrap sm:table-cell">{formatDateTime(s.createdAt)}</Td>
                    <Td className="whitespace-nowrap">{current ? "Now" : formatDateTime(s.lastSeenAt)}</Td>
                    <Td className="text-right">{!current && <EndSessionButton sessionId={s.id} device={device.label} />}</Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </CardContent>
      </Card>
    </>
  );
}
