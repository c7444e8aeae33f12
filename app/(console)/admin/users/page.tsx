import type { Metadata } from "next";
import { Users } from "lucide-react";
import { getDb } from "@/db/client";
import { countUsers } from "@/db/queries/directory";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePermission } from "@/lib/auth/current-user";
import { userScope } from "@/lib/permissions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePermission("directory.view");
  const scope = userScope(user, "directory.view")!;
  const total = await countUsers(await getDb(), user.clientspaceId, scope);
  const whose = scope.kind === "workspaces" ? "in your workspaces" : `in ${user.clientspaceName}`;
  return (
    <>
      <PageHeader title="Users" description={`${total.toLocaleString("en")} ${total === 1 ? "user" : "users"} ${whose}.`} />
      <EmptyState
        icon={<Users aria-hidden="true" />}
        title="The users directory is on its way"
        description="Search, filters, sorting and the detail panel arrive here next."
      />
    </>
  );
}
