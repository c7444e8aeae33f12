"use client";

import Link from "next/link";
import { Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form-message";
import { OnceShownPassword, useCopy } from "./panel/once-shown-password";

export type CreatedUser = { userId: string; name: string; message: string; generatedPassword?: string };

/** The wizard's last view: what happened, the generated password once, and the way to their panel. */
export function CreateUserDone({ created, onOpenPanel }: { created: CreatedUser; onOpenPanel: () => void }) {
  const { copied, copy } = useCopy();
  const password = created.generatedPassword;
  return (
    <div className="grid gap-4">
      <FormMessage variant="success">{created.message}</FormMessage>
      {password && <OnceShownPassword label={`Password of ${created.name}`} name={created.name} password={password} copied={copied} />}
      <DialogFooter>
        {password && (
          <Button type="button" variant="outline" onClick={() => void copy(password)}>
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
