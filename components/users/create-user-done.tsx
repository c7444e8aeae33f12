"use client";

import { useState } from "react";
import Link from "next/link";
import { Copy, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";

export type CreatedUser = { userId: string; name: string; message: string; generatedPassword?: string };

/** The wizard's last view: what happened, the generated password once, and the way to their panel. */
export function CreateUserDone({ created, onOpenPanel }: { created: CreatedUser; onOpenPanel: () => void }) {
  const [copied, setCopied] = useState(false);
  const password = created.generatedPassword;
  const copy = async () => {
    if (!password) return;
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      toast.error("Copying did not work: select the password and copy it by hand.");
    }
  };
  return (
    <div className="grid gap-4">
      <FormMessage variant="success">{created.message}</FormMessage>
      {password && (
        <>
          <Field label={`Password of ${created.name}`}>
            <Input readOnly value={password} className="font-mono" onFocus={(e) => e.currentTarget.select()} />
          </Field>
          <div role="note" className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning-subtle px-3 py-2 text-sm text-warning">
            <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>This password will not be shown again. Copy it now and give it to {created.name} by a safe channel.</p>
          </div>
          <p aria-live="polite" className="sr-only">
            {copied ? "Password copied to the clipboard." : ""}
          </p>
        </>
      )}
      <DialogFooter>
        {password && (
          <Button type="button" variant="outline" onClick={() => void copy()}>
            <Copy aria-hidden="true" />
            {copied ? "Copied" : "Copy password"}
          </Button>
        )}
        <Button asChild variant="outline">
          <Link href={`/admin/users?user=${encodeURIComponent(created.userId)}`} onClick={onOpenPanel}>
            Open their panel
          </Link>
        </Button>
        <DialogClose asChild>
          <Button type="button">Done</Button>
        </DialogClose>
      </DialogFooter>
    </div>
  );
}
