import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listActiveSessions } from "@/db/queries/account-sessions";
import { EndOtherSessionsButton } from "@/components/account/session-buttons";
import { SessionsList } from "@/components/account/sessions-list";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Active sessions" };

/**
 * Every browser signed in to this account (SPEC section 8), whatever the role: ending one here
 * ends it at the server, so a cookie copied from that browser is worth nothing afterwards.
 */
export default async function ActiveSessionsPage() {
  const user = await requireUser();
  const sessions = await listActiveSessions(await getDb(), user.accountId, new Date());
  const others = sessions.filter((s) => s.id !== user.sessionId).length;
  return (
    <div className="max-w-5xl">
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
      <Card>
        <CardContent className="p-0">
          <SessionsList sessions={sessions} currentId={user.sessionId} />
        </CardContent>
      </Card>
    </div>
  );
}
