"use client";

import { useTransition } from "react";
import { ChevronsUpDown } from "lucide-react";
import { switchClientspaceAction } from "@/app/(console)/clientspace-actions";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";

type Clientspace = { id: string; name: string };

export type ClientspaceSwitcherProps = { current: Clientspace; clientspaces: readonly Clientspace[] };

/** The clientspace's name in the top bar; a menu to switch when the account belongs to several. */
export function ClientspaceSwitcher({ current, clientspaces }: ClientspaceSwitcherProps) {
  const [pending, startTransition] = useTransition();
  if (clientspaces.length < 2) {
    return (
      <span className="truncate text-sm font-medium text-foreground">
        <span className="sr-only">Clientspace: </span>
        {current.name}
      </span>
    );
  }

  const switchTo = (target: Clientspace) =>
    startTransition(async () => {
      // On success the action redirects to the other clientspace's home.
      const result = await switchClientspaceAction(null, { clientspaceId: target.id });
      if (result && !result.ok) toast.error(result.message);
    });

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        {/* A label, not sr-only text: the truncating span would split the name from its words. */}
        <Button variant="ghost" size="sm" className="min-w-0 gap-1.5 px-2" aria-label={`Clientspace: ${current.name}, switch clientspace`} aria-busy={pending || undefined}>
          <span className="truncate">{current.name}</span>
          <ChevronsUpDown aria-hidden="true" className="text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Switch clientspace</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {clientspaces.map((c) => (
          <DropdownMenuCheckboxItem
            key={c.id}
            checked={c.id === current.id}
            disabled={pending}
            onSelect={() => {
              if (c.id !== current.id) switchTo(c);
            }}
          >
            <span className="truncate">{c.name}</span>
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
