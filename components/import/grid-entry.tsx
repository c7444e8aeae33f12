"use client";

import { useState, useTransition } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import { gridImportAction } from "@/app/(console)/admin/users/import/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { useHydrated } from "@/lib/hooks/use-hydrated";
import { GRID_FIELDS, GRID_MAX_ROWS, gridSchema, pasteIntoGrid } from "@/lib/transfer/grid";
import { importPath } from "./labels";

type GridForm = z.input<typeof gridSchema>;

const blankRows = (n: number) => Array.from({ length: n }, () => ({}));

/**
 * Rows typed, or pasted from a spreadsheet (tab-separated lines fill the grid from the cell pasted
 * into), then previewed like an uploaded file.
 */
export function GridEntry() {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<GridForm>({ resolver: zodResolver(gridSchema), defaultValues: { rows: blankRows(3) } });
  const { fields, append, remove, replace } = useFieldArray({ control: form.control, name: "rows" });

  const submit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await gridImportAction(null, values);
      if (result.ok && result.data) {
        toast.success(result.message);
        router.push(importPath(result.data.job.id));
        return;
      }
      setFailure(result.message);
      toast.error(result.message);
    }),
  );

  const onPaste = (row: number, column: number) => (event: React.ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData("text/plain");
    // A single value pastes into the cell as usual; lines or tabs spread over the grid.
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return;
    event.preventDefault();
    replace(pasteIntoGrid(form.getValues("rows"), text, { row, column }));
  };

  const formError = failure ?? form.formState.errors.rows?.message ?? form.formState.errors.rows?.root?.message ?? null;
  return (
    <form onSubmit={submit} aria-label="Type or paste rows" className="grid gap-4" noValidate>
      <Table aria-label="Rows to import" className="min-w-max">
        <THead>
          <Tr>
            <Th className="w-10">#</Th>
            {GRID_FIELDS.map((f) => (
              <Th key={f.id}>{f.header}</Th>
            ))}
            <Th>
              <span className="sr-only">Remove</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {fields.map((item, i) => (
            <Tr key={item.id}>
              <Td className="tabular-nums text-muted-foreground">{i + 1}</Td>
              {GRID_FIELDS.map((f, j) => (
                <Td key={f.id} className="px-1 py-1">
                  <Input
                    aria-label={`${f.header}, line ${i + 1}`}
                    className="h-8 w-36"
                    autoComplete="off"
                    {...form.register(`rows.${i}.${f.id}`)}
                    onPaste={onPaste(i, j)}
                  />
                </Td>
              ))}
              <Td className="px-1 py-1">
                <Button type="button" variant="ghost" size="icon" aria-label={`Remove line ${i + 1}`} disabled={fields.length === 1} onClick={() => remove(i)}>
                  <Trash2 aria-hidden="true" />
                </Button>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <FormMessage>{formError}</FormMessage>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="outline" aria-label="Add a line" disabled={fields.length >= GRID_MAX_ROWS} onClick={() => append({})}>
          <Plus aria-hidden="true" />
        </Button>
        <Button type="submit" disabled={!hydrated || pending} aria-busy={pending || undefined}>
          {pending ? "Preparing the preview…" : "Preview these rows"}
        </Button>
        <p className="text-sm text-muted-foreground">Tip: copy rows from a spreadsheet and paste them into the first cell.</p>
      </div>
    </form>
  );
}
