"use client";

import { useState } from "react";
import { TriangleAlert } from "lucide-react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";

/** Copy to the clipboard, with a way out when the browser refuses (no permission, no HTTPS). */
export function useCopy() {
  const [copied, setCopied] = useState(false);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      toast.error("Copying did not work: select the password and copy it by hand.");
    }
  };
  return { copied, copy };
}

/**
 * A generated password, on screen this one time only (SPEC sections 5 and 8): nothing stores it
 * in clear, so the warning says so and the admin copies it now.
 */
export function OnceShownPassword({ label, name, password, copied }: { label: string; name: string; password: string; copied: boolean }) {
  return (
    <>
      <Field label={label}>
        <Input readOnly value={password} className="font-mono" onFocus={(e) => e.currentTarget.select()} />
      </Field>
      <div role="note" className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning-subtle px-3 py-2 text-sm text-warning">
        <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <p>This password will not be shown again. Copy it now and give it to {name} by a safe channel.</p>
      </div>
      <p aria-live="polite" className="sr-only">
        {copied ? "Password copied to the clipboard." : ""}
      </p>
    </>
  );
}
