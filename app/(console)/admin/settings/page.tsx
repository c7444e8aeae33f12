import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { findClientspace } from "@/db/queries/clientspace";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePagePermission("settings.manage");
  const cs = await findClientspace(await getDb(), user.clientspaceId);
  const rows: [string, string][] = [
    ["Lock an account after", `${cs.lockoutThreshold} wrong passwords in a row`],
    // Null keeps the seed's rule; an account in several clientspaces follows the strictest (lib/auth/sign-in.ts).
    ["A locked account stays locked", cs.lockoutMinutes === null ? "Until an administrator unlocks it" : `${cs.lockoutMinutes} minutes, then unlocks by itself`],
    ["Inactive after", `${cs.inactivityDays} days without sign-in`],
    ["Invitation links valid for", `${cs.invitationHours} hours`],
    ["Workspace super-users may create users", cs.superUsersMayCreateUsers ? "Yes" : "No"],
  ];
  return (
    <>
      <PageHeader title="Settings" description={`Settings of the clientspace ${cs.name}.`} />
      <Card className="max-w-2xl">
        <CardHeader>
          <CardTitle>Security and users</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-3 text-sm">
            {rows.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-muted-foreground">{term}</dt>
                <dd className="font-medium">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </>
  );
}
