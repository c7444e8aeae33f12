import type { ReactNode } from "react";

type Detail = { term: string; value: ReactNode };

/** Term/value pairs in two columns; an empty value reads as a dash, never as a blank. */
export function DetailsList({ details }: { details: Detail[] }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-6 gap-y-2.5 text-sm">
      {details.map(({ term, value }) => (
        <div key={term} className="contents">
          <dt className="text-muted-foreground">{term}</dt>
          <dd className="min-w-0 break-words font-medium">{value === null || value === "" ? "—" : value}</dd>
        </div>
      ))}
    </dl>
  );
}
