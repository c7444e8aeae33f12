"use client";

import { Suspense, type ReactNode } from "react";
import { ChevronLeft, ChevronRight, ChevronsLeft } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { PAGE_SIZES, type PageSize } from "@/lib/users/directory-params";
import { useDirectoryPending, useDirectoryUrl } from "./directory-url";
import { formatUserCount } from "./format-count";
import type { DirectoryCount } from "./selection-context";
import { useSettledValue } from "./use-settled-value";

function UserCount({ countPromise }: { countPromise: Promise<DirectoryCount> }) {
  const { value, stale } = useSettledValue(countPromise);
  return <span className={stale ? "opacity-60" : undefined}>{formatUserCount(value)}</span>;
}

/**
 * aria-disabled rather than disabled: the button keeps focus when the last page is reached, so a
 * keyboard user is not thrown back to the top of the document.
 */
function PageButton({ label, icon, available, onClick }: { label: string; icon: ReactNode; available: boolean; onClick: () => void }) {
  const pending = useDirectoryPending();
  return (
    <Button
      variant="outline"
      size="icon"
      aria-label={label}
      aria-disabled={!available || undefined}
      // While the next rows load, the cursors on screen are the old page's: a second click would repeat it.
      onClick={() => available && !pending && onClick()}
    >
      {icon}
    </Button>
  );
}

type PaginationProps = {
  countPromise: Promise<DirectoryCount>;
  nextCursor: string | null;
  prevCursor: string | null;
};

/**
 * Keyset paging: Previous and Next follow the cursors of the page shown, the page number is only
 * for the reader. The count loads on its own, so the rows never wait for it.
 */
export function Pagination({ countPromise, nextCursor, prevCursor }: PaginationProps) {
  const { params, setParams } = useDirectoryUrl();
  const page = Math.max(1, params.page);
  const go = (cursor: string | null, to: number) =>
    setParams(to <= 1 ? { cursor: null, page: null } : { cursor, page: to }, { history: "push" });

  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t px-3 py-3 text-sm">
      <p role="status" className="text-muted-foreground">
        <Suspense fallback="Counting users…">
          <UserCount countPromise={countPromise} />
        </Suspense>
      </p>
      <div className="flex flex-wrap items-center gap-4">
        <div className="flex items-center gap-2">
          <label htmlFor="users-page-size" className="text-muted-foreground">
            Rows per page
          </label>
          <Select
            id="users-page-size"
            className="w-20"
            value={params.size}
            onChange={(e) => setParams({ size: Number(e.target.value) as PageSize, cursor: null, page: null }, { history: "push" })}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </Select>
        </div>
        <span>Page {page}</span>
        <nav aria-label="Pagination" className="flex items-center gap-1">
          <PageButton label="First page" icon={<ChevronsLeft aria-hidden="true" />} available={Boolean(params.cursor)} onClick={() => go(null, 1)} />
          <PageButton label="Previous page" icon={<ChevronLeft aria-hidden="true" />} available={Boolean(prevCursor)} onClick={() => go(prevCursor, page - 1)} />
          <PageButton label="Next page" icon={<ChevronRight aria-hidden="true" />} available={Boolean(nextCursor)} onClick={() => go(nextCursor, page + 1)} />
        </nav>
      </div>
    </div>
  );
}
