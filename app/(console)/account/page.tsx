import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { findProfile } from "@/db/queries/profile";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { formatDate, formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "My profile" };

export default async function AccountPage() {
  const user = await requireUser();
  const profile = await findProfile(await getDb(), user.clientspaceId, user.accountId);
  if (!profile) notFound();
  const details: [string, string][] = [
    ["Email", profile.email],
    ["Username", profile.username],
    ["Title", profile.title ?? "—"],
    ["Service", profile.service ?? "—"],
    ["Phone", profile.phone ?? "—"],
    ["Internal or external", profile.kind === "internal" ? "Internal" : "External"],
    ["License", profile.license ? `${profile.license} (${formatDate(profile.licenseStart)} – ${formatDate(profile.licenseEnd)})` : "None"],
    ["First connection", formatDateTime(profile.firstConnectionAt)],
    ["Last connection", formatDateTime(profile.lastConnectionAt)],
  ];
  return (
    <>
      <PageHeader
        title={`${profile.firstName} ${profile.lastName}`}
        description={`Your profile in ${profile.clientspaceName}.`}
        actions={
          <Button asChild variant="outline">
            <Link href="/account/password">Change password</Link>
          </Button>
        }
      />
      <div className="grid max-w-4xl gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-3 text-sm">
              {details.map(([term, value]) => (
                <div key={term} className="contents">
                  <dt className="text-muted-foreground">{term}</dt>
                  <dd className="font-medium break-all">{value}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Access</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 text-sm">
            <div className="flex flex-wrap gap-2">
              {profile.isAdmin && <Badge variant="info">Clientspace admin</Badge>}
              {profile.isAuditor && <Badge variant="info">Auditor</Badge>}
              {!profile.isAdmin && !profile.isAuditor && <Badge variant="neutral">Member</Badge>}
            </div>
            {profile.access.length === 0 ? (
              <p className="text-muted-foreground">You are not in any workspace yet.</p>
            ) : (
              <ul className="grid gap-2" aria-label="Workspaces">
                {profile.access.map((a) => (
                  <li key={a.workspace} className="flex justify-between gap-4 rounded-md border px-3 py-2">
                    <span className="font-medium">{a.workspace}</span>
                    <span className="text-muted-foreground">{a.role}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
