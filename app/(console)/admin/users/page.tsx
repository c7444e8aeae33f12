import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { getDb } from "@/db/client";
import { loadDirectoryFacets } from "@/db/queries/directory-facets";
import { loadPreference } from "@/db/queries/preferences";
import { countByStatus, countDirectory, listDirectoryPage, seatUsage } from "@/db/queries/users";
import { ImportEntry } from "@/components/import/import-entry";
import { PageHeader } from "@/components/page-header";
import { CreateUserEntry } from "@/components/users/create-user-entry";
import { DirectoryStats, DirectoryStatsSkeleton } from "@/components/users/directory-stats";
import { DownloadMenu } from "@/components/users/download-menu";
import { UserPanel, UserPanelSkeleton } from "@/components/users/user-panel";
import { UsersTable, UsersTableSkeleton } from "@/components/users/users-table";
import { requirePagePermission } from "@/lib/auth/current-user";
import { can } from "@/lib/permissions";
import { bulkChoicesFor } from "@/lib/users/bulk-schema";
import { directoryQueryFor } from "@/lib/users/directory";
import { downloadChoicesFor } from "@/lib/users/export-schema";
import { COLUMN_IDS, DEFAULT_COLUMNS, loadDirectoryParams, type ColumnId } from "@/lib/users/directory-params";
import { loadUserPanel } from "@/lib/users/panel";
import { cachedStats } from "@/lib/users/stats-cache";

export const metadata: Metadata = { title: "Users" };

export const COLUMNS_PREFERENCE = "users.columns";

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("directory.view");
  const params = loadDirectoryParams(await searchParams);
  const db = await getDb();
  const facets = await loadDirectoryFacets(db, user.clientspaceId);
  const query = directoryQueryFor(user, params, { now: new Date(), inactivityDays: facets.inactivityDays });
  if (!query) notFound();

  // Started together, awaited by the components that show them: the table never waits for counts.
  const pagePromise = listDirectoryPage(db, query);
  const countPromise = cachedStats(user.clientspaceId, `count:${JSON.stringify([query.scope, query.filters])}`, () => countDirectory(db, query));
  const scopeKey = JSON.stringify(query.scope);
  const statusPromise = cachedStats(user.clientspaceId, `status:${scopeKey}`, () => countByStatus(db, query));
  const seatsPromise = cachedStats(user.clientspaceId, "seats", () => seatUsage(db, user.clientspaceId, query));
  const panelPromise = params.user ? loadUserPanel(db, user, params.user, query) : null;
  // Each is awaited by the component that shows it; when one fails first (an outage), the error
  // page shows it and the others' failures must not escape as unhandled rejections meanwhile.
  for (const started of [pagePromise, countPromise, statusPromise, seatsPromise, panelPromise]) started?.catch(() => undefined);
  const saved = await loadPreference<ColumnId[]>(db, user.accountId, user.clientspaceId, COLUMNS_PREFERENCE);
  const columns = params.cols ?? saved?.filter((c) => (COLUMN_IDS as readonly string[]).includes(c)) ?? DEFAULT_COLUMNS;

  return (
    <>
      <PageHeader
        title="Users"
        description={query.scope.kind === "workspaces" ? "The users of your workspaces." : `The users of ${user.clientspaceName}.`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <DownloadMenu {...downloadChoicesFor(user, query.filters)} />
            {can(user, "users.import") && <ImportEntry />}
            {can(user, "users.create") && <CreateUserEntry actor={user} facets={facets} seatsPromise={seatsPromise} />}
          </div>
        }
      />
      <Suspense fallback={<DirectoryStatsSkeleton />}>
        <DirectoryStats statusPromise={statusPromise} seatsPromise={seatsPromise} showSeats={can(user, "users.changeLicense") || user.isAuditor} />
      </Suspense>
      <Suspense fallback={<UsersTableSkeleton />}>
        <UsersTable
          pagePromise={pagePromise}
          countPromise={countPromise}
          facets={facets}
          columns={columns}
          readOnly={!can(user, "users.changeStatus")}
          bulk={bulkChoicesFor(user, facets)}
        />
      </Suspense>
      {panelPromise && (
        <Suspense fallback={<UserPanelSkeleton />}>
          <UserPanel panelPromise={panelPromise} licenseTypes={facets.licenseTypes} workspaces={facets.workspaces} roles={facets.roles} />
        </Suspense>
      )}
    </>
  );
}
