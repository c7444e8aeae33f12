import { formatDateTime } from "@/lib/format";
import type { PanelHistoryEntry, UserPanelData } from "@/lib/users/panel";

const SOURCE_LABELS: Record<PanelHistoryEntry["source"], string> = {
  ui: "console",
  import: "import",
  api: "API",
  scim: "SCIM",
  system: "system",
};

export function HistoryTab({ data }: { data: UserPanelData }) {
  const { history } = data;
  if (history === null) {
    return <p className="text-sm text-muted-foreground">The history of a user is shown to clientspace admins and auditors.</p>;
  }
  if (history.length === 0) return <p className="text-sm text-muted-foreground">Nothing has been recorded about this user yet.</p>;
  return (
    <div className="grid gap-2">
      <p className="text-sm text-muted-foreground">Up to the 50 most recent changes, newest first.</p>
      <ol className="grid gap-2">
        {history.map((e) => (
          <li key={e.id} className="rounded-md border px-3 py-2 text-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-x-4">
              <span className="font-medium">{e.action}</span>
              <time dateTime={e.at.toISOString()} className="text-xs text-muted-foreground">
                {formatDateTime(e.at)}
              </time>
            </div>
            <p className="text-muted-foreground">
              by {e.actor}, from {SOURCE_LABELS[e.source]}
            </p>
            {e.changes.length > 0 && (
              <ul aria-label="Changes" className="mt-1 grid gap-0.5">
                {e.changes.map((c) => (
                  <li key={c.field} className="break-words">
                    <span className="text-muted-foreground">{c.field}:</span> {c.before} <span aria-hidden="true">→</span>
                    <span className="sr-only">changed to</span> {c.after}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
