"use client";

import { createContext, use, useCallback, useMemo, useState, type ReactNode } from "react";
import type { DirectoryFilters } from "@/lib/users/directory-params";

export type DirectoryCount = { count: number; exact: boolean };

/**
 * What the bulk actions apply to: a list of accounts picked across pages, or every user matching
 * the filters (never expanded into ids on the client: there may be a million).
 */
export type DirectorySelection =
  | { mode: "ids"; ids: ReadonlySet<string> }
  | { mode: "filter"; filters: DirectoryFilters; count: number; exact: boolean };

export type DirectorySelectionContext = {
  selection: DirectorySelection;
  /** Users selected; for "all matching", the count (an estimate when `exact` is false). */
  size: number;
  isEmpty: boolean;
  setSelectedIds: (ids: ReadonlySet<string>) => void;
  selectAllMatching: (count: DirectoryCount) => void;
  clear: () => void;
  /** The accounts on the page shown, to offer "select all matching" once they are all selected. */
  pageIds: readonly string[];
  countPromise: Promise<DirectoryCount>;
  /** An auditor's view: bulk actions that change users are not offered, an export is. */
  readOnly: boolean;
};

const EMPTY: DirectorySelection = { mode: "ids", ids: new Set() };

const SelectionContext = createContext<DirectorySelectionContext | null>(null);

type ProviderProps = {
  /** The current filters and their key: a selection belongs to one filtered set and ends with it. */
  filters: DirectoryFilters;
  filterKey: string;
  pageIds: readonly string[];
  countPromise: Promise<DirectoryCount>;
  readOnly: boolean;
  children: ReactNode;
};

export function DirectorySelectionProvider({ filters, filterKey, pageIds, countPromise, readOnly, children }: ProviderProps) {
  const [state, setState] = useState<{ filterKey: string; selection: DirectorySelection }>({ filterKey, selection: EMPTY });
  const selection = state.filterKey === filterKey ? state.selection : EMPTY;

  const setSelectedIds = useCallback((ids: ReadonlySet<string>) => setState({ filterKey, selection: { mode: "ids", ids } }), [filterKey]);
  const selectAllMatching = useCallback(
    ({ count, exact }: DirectoryCount) => setState({ filterKey, selection: { mode: "filter", filters, count, exact } }),
    [filterKey, filters],
  );
  const clear = useCallback(() => setState({ filterKey, selection: EMPTY }), [filterKey]);

  const value = useMemo(() => {
    const size = selection.mode === "ids" ? selection.ids.size : selection.count;
    return { selection, size, isEmpty: size === 0, setSelectedIds, selectAllMatching, clear, pageIds, countPromise, readOnly };
  }, [selection, setSelectedIds, selectAllMatching, clear, pageIds, countPromise, readOnly]);

  return <SelectionContext value={value}>{children}</SelectionContext>;
}

/** The users table's selection, for the bulk bar and the bulk actions that read it. */
export function useDirectorySelection(): DirectorySelectionContext {
  const value = use(SelectionContext);
  if (!value) throw new Error("useDirectorySelection must be used inside DirectorySelectionProvider");
  return value;
}
