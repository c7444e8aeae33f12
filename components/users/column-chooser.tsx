"use client";

import { useState } from "react";
import { ArrowDown, ArrowUp, Columns3 } from "lucide-react";
import { saveColumnsAction } from "@/app/(console)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { toast } from "@/components/ui/toaster";
import { COLUMN_IDS, DEFAULT_COLUMNS, type ColumnId } from "@/lib/users/directory-params";
import { useDirectoryUrl } from "./directory-url";
import { COLUMN_LABELS } from "./labels";

/**
 * Which columns show, and in what order. A change shows at once (the URL's `cols`, shallow: the
 * rows do not change) and is saved for this person, so their next visit starts with it.
 */
export function ColumnChooser({ columns }: { columns: ColumnId[] }) {
  const { setParams } = useDirectoryUrl();
  const [announcement, setAnnouncement] = useState("");
  const hidden = COLUMN_IDS.filter((id) => !columns.includes(id));

  const apply = (next: ColumnId[], message: string, focusId?: string) => {
    setAnnouncement(message);
    // A toggled or moved row is re-inserted in the list, and a moved DOM node loses focus.
    if (focusId) requestAnimationFrame(() => document.getElementById(focusId)?.focus());
    void setParams({ cols: next }, { shallow: true });
    void saveColumnsAction(null, next).then((result) => {
      if (!result.ok) toast.error(`Your column choice could not be saved: ${result.message}`);
    });
  };

  const toggle = (id: ColumnId, show: boolean) =>
    apply(show ? [...columns, id] : columns.filter((c) => c !== id), `${COLUMN_LABELS[id]} ${show ? "shown" : "hidden"}.`, checkboxId(id));

  const move = (index: number, by: -1 | 1, buttonId: string) => {
    const to = index + by;
    if (to < 0 || to >= columns.length) return;
    const next = [...columns];
    [next[index], next[to]] = [next[to], next[index]];
    apply(next, `${COLUMN_LABELS[columns[index]]} moved to position ${to + 1} of ${columns.length}.`, buttonId);
  };

  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline">
          <Columns3 aria-hidden="true" />
          Columns
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" aria-label="Columns" className="w-80">
        <p className="mb-2 text-sm font-medium">Shown columns, in order</p>
        <ul className="flex flex-col gap-1">
          {columns.map((id, index) => (
            <li key={id} className="flex items-center gap-2">
              <ColumnCheckbox id={id} checked disabled={id === "name"} onChange={(show) => toggle(id, show)} />
              {/* aria-disabled keeps focus on the button when the column reaches an end. The name is
                  text, not aria-label, so that a label lookup for a column finds only its checkbox. */}
              <Button
                variant="ghost"
                size="icon"
                className="size-7"
                id={`column-up-${id}`}
                aria-disabled={index === 0 || undefined}
                onClick={() => move(index, -1, `column-up-${id}`)}
              >
                <ArrowUp aria-hidden="true" />
                <span className="sr-only">{`Move ${COLUMN_LABELS[id]} up`}</span>
              </Button>
              <Button
                variant="ghost"
                size="icon"
                className="size-7"
                id={`column-down-${id}`}
                aria-disabled={index === columns.length - 1 || undefined}
                onClick={() => move(index, 1, `column-down-${id}`)}
              >
                <ArrowDown aria-hidden="true" />
                <span className="sr-only">{`Move ${COLUMN_LABELS[id]} down`}</span>
              </Button>
            </li>
          ))}
        </ul>
        {hidden.length > 0 && (
          <>
            <p className="mb-2 mt-4 text-sm font-medium">Hidden columns</p>
            <ul className="flex flex-col gap-1">
              {hidden.map((id) => (
                <li key={id} className="flex h-7 items-center">
                  <ColumnCheckbox id={id} checked={false} onChange={(show) => toggle(id, show)} />
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="mt-4 border-t pt-3">
          <Button variant="ghost" size="sm" onClick={() => apply(DEFAULT_COLUMNS, "Columns reset to the default.")}>
            Reset columns
          </Button>
        </div>
        <p role="status" className="sr-only">
          {announcement}
        </p>
      </PopoverContent>
    </Popover>
  );
}

const checkboxId = (id: ColumnId) => `column-choice-${id}`;

function ColumnCheckbox({ id, checked, disabled, onChange }: { id: ColumnId; checked: boolean; disabled?: boolean; onChange: (show: boolean) => void }) {
  const inputId = checkboxId(id);
  return (
    <span className="flex flex-1 items-center gap-2">
      <Checkbox id={inputId} checked={checked} disabled={disabled} onCheckedChange={(value) => onChange(value === true)} />
      <label htmlFor={inputId} className="text-sm">
        {COLUMN_LABELS[id]}
        {disabled && <span className="text-muted-foreground"> (always shown)</span>}
      </label>
    </span>
  );
}
