import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { findClientspace } from "@/db/queries/clientspace";
import { PageHeader } from "@/components/page-header";
import { AccessTab } from "@/components/users/panel/access-tab";
import { EditProfileButton } from "@/components/users/panel/profile-dialog";
import { ProfileTab } from "@/components/users/panel/profile-tab";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";
import { loadUserPanel } from "@/lib/users/panel";

export const metadata: Metadata = { title: "My profile" };

/** A member's own profile: the same Profile and Access the users page's panel shows. */
export default async function AccountPage() {
  const user = await requireUser();
  const db = await getDb();
  const cs = await findClientspace(db, user.clientspaceId);
  const data = await loadUserPanel(db, user, user.accountId, { now: new Date(), inactivityDays: cs.inactivityDays });
  if (!data) notFound();
  return (
    <>
      <PageHeader
        title={`${data.user.firstName} ${data.user.lastName}`}
        description={`Your profile in ${user.clientspaceName}.`}
        actions={
          <div className="flex flex-wrap gap-2">
            {/* Always the self form here, even for an admin: their email and internal/external are edited from the users page. */}
            {data.allowed.includes("editProfile") && <EditProfileButton user={data.user} mode={{ kind: "self" }} />}
            <Button asChild variant="outline">
              <Link href="/account/password">Change password</Link>
            </Button>
            <Button asChild variant="outline">
              <Link href="/account/sessions">Active sessions</Link>
            </Button>
          </div>
        }
      />
      <div className="grid max-w-5xl gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
          </CardHeader>
          <CardContent>
            <ProfileTab data={data} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Access</CardTitle>
          </CardHeader>
          <CardContent>
            <AccessTab data={data} actions={null} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
