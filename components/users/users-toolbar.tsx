"use client";

import { Search } from "lucide-react";
import { debounce } from "nuqs";
import { Input } from "@/components/ui/input";
import type { DirectoryFacets } from "@/db/queries/directory-facets";
import { MAX_SEARCH_LENGTH, type ColumnId } from "@/lib/users/directory-params";
import { ColumnChooser } from "./column-chooser";
import { useDirectoryUrl } from "./directory-url";
import { FiltersPopover } from "./filters-popover";

function SearchBox() {
  const { filters, setFilters } = useDirectoryUrl();
  return (
    <div className="relative w-full max-w-sm">
      <label htmlFor="users-search" className="sr-only">
        Search users
      </label>
      <Search aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
      <Input
        id="users-search"
        type="search"
        className="pl-9"
        placeholder="Search by name, email or username"
        maxLength={MAX_SEARCH_LENGTH}
        value={filters.q}
        // Typing replaces the history entry and waits for a pause: one query per search, not per key.
        onChange={(e) => setFilters({ q: e.target.value || null }, { history: "replace", limitUrlUpdates: debounce(300) })}
      />
    </div>
  );
}

export function UsersToolbar({ facets, columns }: { facets: DirectoryFacets; columns: ColumnId[] }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox />
      <FiltersPopover facets={facets} />
      <div className="ml-auto">
        <ColumnChooser columns={columns} />
      </div>
    </div>
  );
}
