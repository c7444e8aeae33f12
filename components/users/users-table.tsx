"use client";

import { startTransition as plainTransition, use, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { functionalUpdate, useTable, type RowSelectionState, type SortingState, type Updater } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, SearchX, Users } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { DirectoryFacets } from "@/db/queries/directory-facets";
import type { DirectoryPage } from "@/db/queries/users";
import type { BulkChoices } from "@/lib/users/bulk-schema";
import {
  activeFilterCount,
  COLUMN_IDS,
  serializeDirectoryParams,
  SORT_KEYS,
  type ColumnId,
  type SortKey,
} from "@/lib/users/directory-params";
import { cn } from "@/lib/utils/cn";
import { BulkBar } from "./bulk-bar";
import { DirectoryTransition, NO_FILTERS, useDirectoryPending, useDirectoryUrl } from "./directory-url";
import { FilterChips } from "./filter-chips";
import { Pagination } from "./pagination";
import { DirectorySelectionProvider, useDirectorySelection, type DirectoryCount } from "./selection-context";
import { SELECT_COLUMN, usersColumns, usersTableFeatures } from "./users-columns";
import { UsersToolbar } from "./users-toolbar";

export type UsersTableProps = {
  pagePromise: Promise<DirectoryPage>;
  countPromise: Promise<DirectoryCount>;
  facets: DirectoryFacets;
  /** The columns to show, in order (from the URL, else the saved preference, else the default). */
  columns: ColumnId[];
  /** An auditor's view: no changes, but selecting (for an export) is allowed. */
  readOnly: boolean;
  /** The bulk actions this actor may take on a selection. */
  bulk?: BulkChoices;
};

export function UsersTable(props: UsersTableProps) {
  return (
    <DirectoryTransition>
      <UsersDirectory {...props} />
    </DirectoryTransition>
  );
}

/** The name always shows: it is how a row is recognised and how its panel opens. */
function withName(columns: readonly ColumnId[]): ColumnId[] {
  const unique = [...new Set(columns)];
  return unique.includes("name") ? unique : ["name", ...unique];
}

function UsersDirectory({ pagePromise, countPromise, facets, columns, readOnly, bulk }: UsersTableProps) {
  const page = use(pagePromise);
  const { params, filters, filterKey } = useDirectoryUrl();
  const visible = withName(params.cols ?? columns);
  const pageIds = useMemo(() => page.rows.map((r) => r.accountId), [page.rows]);

  return (
    <DirectorySelectionProvider filters={filters} filterKey={filterKey} pageIds={pageIds} countPromise={countPromise} readOnly={readOnly}>
      <section aria-label="Users list" className="flex flex-col gap-3">
        <UsersToolbar facets={facets} columns={visible} />
        <FilterChips facets={facets} />
        <BulkBar choices={bulk} />
        <div className="rounded-lg border bg-background shadow-sm">
          {page.rows.length > 0 ? (
            <UsersGrid page={page} columns={visible} />
          ) : (
            <NoUsers filtered={activeFilterCount(filters) > 0} paged={Boolean(params.cursor)} />
          )}
          <Pagination countPromise={countPromise} nextCursor={page.nextCursor} prevCursor={page.prevCursor} />
        </div>
      </section>
    </DirectorySelectionProvider>
  );
}

const sortKeys = new Set<string>(SORT_KEYS);

function UsersGrid({ page, columns }: { page: DirectoryPage; columns: ColumnId[] }) {
  const pending = useDirectoryPending();
  const { params, setParams } = useDirectoryUrl();
  const { selection, setSelectedIds, pageIds } = useDirectorySelection();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  const rowSelection = useMemo<RowSelectionState>(() => {
    const ids = selection.mode === "filter" ? pageIds : [...selection.ids];
    return Object.fromEntries(ids.map((id) => [id, true]));
  }, [selection, pageIds]);

  const sorting: SortingState = [{ id: params.sort, desc: params.dir === "desc" }];

  const table = useTable({
    features: usersTableFeatures,
    columns: usersColumns,
    data: page.rows,
    getRowId: (row) => row.accountId,
    // The server sorts, filters and pages; the table only shows what it was given.
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: {
      sorting,
      rowSelection,
      columnOrder: [SELECT_COLUMN, ...columns],
      columnVisibility: Object.fromEntries(COLUMN_IDS.map((id) => [id, columns.includes(id)])),
    },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = functionalUpdate(updater, sorting);
      if (next && sortKeys.has(next.id)) {
        void setParams({ sort: next.id as SortKey, dir: next.desc ? "desc" : "asc", cursor: null, page: null }, { history: "push" });
      }
    },
    onRowSelectionChange: (updater: Updater<RowSelectionState>) => {
      const next = functionalUpdate(updater, rowSelection);
      setSelectedIds(new Set(Object.keys(next).filter((id) => next[id])));
    },
    meta: {
      userHref: (accountId) => `${pathname}${serializeDirectoryParams(searchParams, { user: accountId })}`,
      // Outside the table's transition: opening a panel must not dim the rows.
      openUser: (accountId) => void setParams({ user: accountId }, { history: "push", startTransition: plainTransition }),
      openUserId: params.user,
    },
  });

  return (
    <Table aria-label="Users" aria-busy={pending || undefined} className={cn("transition-opacity", pending && "opacity-60")}>
      <THead>
        {table.getHeaderGroups().map((group) => (
          <Tr key={group.id} className="hover:bg-transparent">
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const canSort = header.column.getCanSort();
              const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
              return (
                <Th
                  key={header.id}
                  scope="col"
                  aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : canSort ? "none" : undefined}
                >
                  {canSort ? (
                    <button
                      type="button"
                      onClick={header.column.getToggleSortingHandler()}
                      className="-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 uppercase tracking-wide hover:text-foreground"
                    >
                      <table.FlexRender header={header} />
                      <Icon aria-hidden="true" className={cn("size-3.5", !sorted && "opacity-50")} />
                    </button>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </Th>
              );
            })}
          </Tr>
        ))}
      </THead>
      <TBody>
        {table.getRowModel().rows.map((row) => (
          <Tr key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
            {row.getVisibleCells().map((cell) => (
              <Td key={cell.id} className="whitespace-nowrap">
                <table.FlexRender cell={cell} />
              </Td>
            ))}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function NoUsers({ filtered, paged }: { filtered: boolean; paged: boolean }) {
  const { setFilters, setParams } = useDirectoryUrl();
  if (paged) {
    return (
      <EmptyState
        icon={<Users />}
        title="No more users"
        description="The users on this page have changed since it was opened."
        action={
          <Button variant="outline" onClick={() => setParams({ cursor: null, page: null }, { history: "push" })}>
            Go to the first page
          </Button>
        }
      />
    );
  }
  if (filtered) {
    return (
      <EmptyState
        icon={<SearchX />}
        title="No users match these filters"
        description="Try other words or remove a filter."
        action={
          <Button variant="outline" onClick={() => setFilters(NO_FILTERS)}>
            Clear all filters
          </Button>
        }
      />
    );
  }
  return <EmptyState icon={<Users />} title="No users yet" description="Users that are created, invited or imported appear here." />;
}

export function UsersTableSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading users" role="status" className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        <Skeleton className="h-9 w-72" />
        <Skeleton className="h-9 w-24" />
        <Skeleton className="h-9 w-24" />
      </div>
      <div className="rounded-lg border bg-background p-3 shadow-sm">
        <Skeleton className="mb-3 h-8 w-full" />
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="mb-2 h-9 w-full" />
        ))}
      </div>
    </div>
  );
}
