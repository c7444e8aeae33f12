"use client";

import type { MouseEvent } from "react";
import {
  columnFilteringFeature,
  columnOrderingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import type { DirectoryRow } from "@/db/queries/users";
import { formatDate, formatDateTime } from "@/lib/format";
import { SORT_KEYS, type ColumnId } from "@/lib/users/directory-params";
import { COLUMN_LABELS } from "./labels";
import { StatusBadge } from "./status-badge";

export type UsersTableMeta = {
  /** The URL of this view with the user's panel open (for a new tab, or a copied link). */
  userHref: (accountId: string) => string;
  openUser: (accountId: string) => void;
  openUserId: string | null;
};

export const usersTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  rowPaginationFeature,
  columnFilteringFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  tableMeta: {} as UsersTableMeta,
});

type Features = typeof usersTableFeatures;

export const SELECT_COLUMN = "select";

const sortable = new Set<string>(SORT_KEYS);
const helper = createColumnHelper<Features, DirectoryRow>();

const fullName = (row: DirectoryRow) => `${row.firstName} ${row.lastName}`.trim();

/** Label and sortability of a data column: sortable exactly when the server has a keyset for it. */
const base = (id: ColumnId) => ({ id, header: COLUMN_LABELS[id], enableSorting: sortable.has(id) });

const muted = <span className="text-muted-foreground">—</span>;

function NameCell({ row, meta }: { row: DirectoryRow; meta: UsersTableMeta }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Modified clicks keep the browser's meaning (new tab, new window).
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    meta.openUser(row.accountId);
  };
  return (
    <a
      href={meta.userHref(row.accountId)}
      onClick={onClick}
      aria-current={meta.openUserId === row.accountId ? "true" : undefined}
      className="font-medium text-foreground underline-offset-4 hover:text-primary hover:underline"
    >
      {fullName(row) || row.email}
    </a>
  );
}

export const usersColumns = helper.columns([
  helper.display({
    id: SELECT_COLUMN,
    enableSorting: false,
    enableHiding: false,
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all on this page"
        checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "indeterminate" : false}
        onCheckedChange={(checked) => table.toggleAllPageRowsSelected(checked === true)}
        disabled={table.getRowModel().rows.length === 0}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select ${fullName(row.original) || row.original.email}`}
        checked={row.getIsSelected()}
        onCheckedChange={(checked) => row.toggleSelected(checked === true)}
      />
    ),
  }),
  helper.accessor(fullName, {
    ...base("name"),
    cell: ({ row, table }) => <NameCell row={row.original} meta={table.options.meta!} />,
  }),
  helper.accessor("email", base("email")),
  helper.accessor("username", base("username")),
  helper.accessor("status", {
    ...base("status"),
    cell: ({ getValue }) => <StatusBadge status={getValue()} />,
  }),
  helper.accessor("licenseName", {
    ...base("license"),
    cell: ({ row }) => {
      const { licenseName, licenseState } = row.original;
      if (!licenseName) return muted;
      const note = licenseState === "not_started" ? "Not started" : licenseState === "expired" ? "Expired" : null;
      return (
        <span className="flex flex-col">
          <span>{licenseName}</span>
          {note && <span className="text-xs text-muted-foreground">{note}</span>}
        </span>
      );
    },
  }),
  helper.accessor("licenseEnd", {
    ...base("licenseEnd"),
    cell: ({ getValue }) => (getValue() ? formatDate(getValue()) : muted),
  }),
  helper.display({
    ...base("admin"),
    cell: ({ row }) =>
      row.original.isAdmin || row.original.isAuditor ? (
        <span className="flex gap-1">
          {row.original.isAdmin && <Badge variant="info">Admin</Badge>}
          {row.original.isAuditor && <Badge variant="neutral">Auditor</Badge>}
        </span>
      ) : (
        muted
      ),
  }),
  helper.accessor((row) => row.workspaces.join(", "), {
    ...base("workspaces"),
    cell: ({ getValue }) =>
      getValue() ? (
        <span className="block max-w-56 truncate" title={getValue()}>
          {getValue()}
        </span>
      ) : (
        muted
      ),
  }),
  helper.accessor("firstConnectionAt", {
    ...base("firstConnection"),
    cell: ({ getValue }) => (getValue() ? formatDateTime(getValue()) : "Never"),
  }),
  helper.accessor("lastConnectionAt", {
    ...base("lastConnection"),
    cell: ({ getValue }) => (getValue() ? formatDateTime(getValue()) : "Never"),
  }),
  helper.accessor("createdAt", {
    ...base("created"),
    cell: ({ getValue }) => formatDate(getValue()),
  }),
]);
