"use client";

import { Skeleton } from "@/components/ui/skeleton";
import type { SeatUsage } from "@/db/queries/users";
import type { UserStatus } from "@/lib/users/directory-params";
import { cn } from "@/lib/utils/cn";
import { DirectoryTransition, useDirectoryPending, useDirectoryUrl } from "./directory-url";
import { formatNumber } from "./format-count";
import { STATUS_DISPLAY_ORDER, STATUS_LABELS } from "./labels";
import { useSettledValue } from "./use-settled-value";

export type DirectoryStatsProps = {
  statusPromise: Promise<Record<UserStatus, number>>;
  seatsPromise: Promise<SeatUsage[]>;
  /** Seat usage is for those who manage licenses (and auditors). */
  showSeats: boolean;
};

export function DirectoryStats(props: DirectoryStatsProps) {
  return (
    <DirectoryTransition>
      <Stats {...props} />
    </DirectoryTransition>
  );
}

function Stats({ statusPromise, seatsPromise, showSeats }: DirectoryStatsProps) {
  const counts = useSettledValue(statusPromise).value;
  const seats = useSettledValue(seatsPromise).value;
  const pending = useDirectoryPending();
  const { filters, setFilters } = useDirectoryUrl();
  const only = filters.status.length === 1 ? filters.status[0] : null;

  return (
    <div className="mb-6 grid gap-4">
      <ul aria-label="Users by status" aria-busy={pending || undefined} className="flex flex-wrap gap-2">
        {STATUS_DISPLAY_ORDER.map((status) => (
          <li key={status}>
            {/* A card is a toggle: it shows only this status, or (pressed again) all of them. */}
            <button
              type="button"
              aria-pressed={only === status}
              onClick={() => setFilters({ status: only === status ? null : [status] })}
              className={cn(
                "flex min-w-28 flex-col items-start rounded-lg border bg-background px-3 py-2 text-left shadow-sm transition-colors hover:bg-muted",
                "aria-pressed:border-primary aria-pressed:bg-accent",
              )}
            >
              <span className="text-xs font-medium text-muted-foreground">{STATUS_LABELS[status]}</span>
              <span className="text-lg font-semibold tabular-nums">{formatNumber(counts[status])}</span>
            </button>
          </li>
        ))}
      </ul>
      {showSeats && seats.length > 0 && (
        <section aria-labelledby="seat-usage-title" className="rounded-lg border bg-background p-4 shadow-sm">
          <h2 id="seat-usage-title" className="mb-3 text-sm font-semibold">
            Seats per license
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {seats.map((s) => (
              <SeatMeter key={s.licenseTypeId} usage={s} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** Warn before a license runs out: an assignment over the limit is refused. */
const NEARLY_FULL = 0.9;

function SeatMeter({ usage: { name, used, limit } }: { usage: SeatUsage }) {
  const ratio = limit > 0 ? used / limit : used > 0 ? Infinity : 0;
  const warn = ratio > NEARLY_FULL;
  const text = `${formatNumber(used)} / ${formatNumber(limit)}`;
  return (
    <li className="grid gap-1.5">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="truncate font-medium">{name}</span>
        <span className={cn("tabular-nums", warn ? "font-medium text-warning" : "text-muted-foreground")}>
          {text}
          {warn && <span> · {ratio >= 1 ? "full" : "nearly full"}</span>}
        </span>
      </div>
      <div
        role="meter"
        aria-label={`${name} seats used`}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={`${formatNumber(used)} of ${formatNumber(limit)} seats used`}
        className="h-2 overflow-hidden rounded-full bg-muted"
      >
        <div className={cn("h-full rounded-full", warn ? "bg-warning" : "bg-primary")} style={{ width: `${Math.min(100, ratio * 100)}%` }} />
      </div>
    </li>
  );
}

export function DirectoryStatsSkeleton() {
  return (
    <div className="mb-6 flex flex-wrap gap-2" aria-hidden="true">
      {STATUS_DISPLAY_ORDER.map((s) => (
        <Skeleton key={s} className="h-14 w-28 rounded-lg" />
      ))}
    </div>
  );
}
