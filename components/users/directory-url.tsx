"use client";

import { createContext, use, useMemo, useTransition, type ReactNode, type TransitionStartFunction } from "react";
import { useQueryStates, type Nullable, type Options } from "nuqs";
import { directoryParsers, filterParsers, type DirectoryFilters } from "@/lib/users/directory-params";

type DirectoryTransitionValue = { isPending: boolean; startTransition: TransitionStartFunction };

const DirectoryTransitionContext = createContext<DirectoryTransitionValue | null>(null);
const DirectoryUrlContext = createContext<DirectoryUrl | null>(null);

/**
 * One transition for every URL change made inside it, so one pending state covers them all. It
 * also reads the URL once for everything inside, rather than once in each of the nine parts that
 * use it: each read parses every parameter, on every render of the page on the server.
 */
export function DirectoryTransition({ children }: { children: ReactNode }) {
  const [isPending, startTransition] = useTransition();
  const value = useMemo(() => ({ isPending, startTransition }), [isPending, startTransition]);
  const url = useDirectoryUrlState(startTransition);
  return (
    <DirectoryTransitionContext value={value}>
      <DirectoryUrlContext value={url}>{children}</DirectoryUrlContext>
    </DirectoryTransitionContext>
  );
}

/** True while the server renders the rows for a view changed inside the nearest DirectoryTransition. */
export function useDirectoryPending(): boolean {
  return use(DirectoryTransitionContext)?.isPending ?? false;
}

const FILTER_KEYS = Object.keys(filterParsers) as (keyof DirectoryFilters)[];

export type FilterPatch = Partial<Nullable<DirectoryFilters>>;

/** Every filter cleared: what "Clear all" sends. */
export const NO_FILTERS: FilterPatch = Object.fromEntries(FILTER_KEYS.map((k) => [k, null]));

function useDirectoryUrlState(startTransition: TransitionStartFunction) {
  const [params, setParams] = useQueryStates(directoryParsers, { shallow: false, startTransition });

  const filters = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, params[k]])) as DirectoryFilters, [params]);

  return useMemo(
    () => ({
      params,
      filters,
      /** Changes exactly when a filter does (the selection is reset then). */
      filterKey: JSON.stringify(filters),
      setParams,
      /** A new result set starts on its first page: the old cursor points into another list. */
      setFilters: (patch: FilterPatch, options?: Options) => setParams({ ...patch, cursor: null, page: null }, { history: "push", ...options }),
    }),
    [params, filters, setParams],
  );
}

type DirectoryUrl = ReturnType<typeof useDirectoryUrlState>;

/**
 * The users page's view as URL state, read once by the nearest DirectoryTransition. Updates are not
 * shallow: the server page renders the new rows. Filters, sort and paging add a history entry so
 * that Back returns to the previous view.
 */
export function useDirectoryUrl(): DirectoryUrl {
  const url = use(DirectoryUrlContext);
  if (!url) throw new Error("useDirectoryUrl must be used inside DirectoryTransition");
  return url;
}
