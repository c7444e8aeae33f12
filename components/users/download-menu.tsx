"use client";

import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { DownloadChoices, DownloadLinks } from "@/lib/users/export-schema";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";


function Entries({ label, links }: { label: string; links: DownloadLinks }) {
  // Plain links: the browser downloads the file the route sends; nothing is built here.
  return (
    <>
      <DropdownMenuItem asChild>
        <a href={links.csv} download>
          {label} (CSV)
        </a>
      </DropdownMenuItem>
      <DropdownMenuItem asChild>
        <a href={links.xlsx} download>
          {label} (Excel)
        </a>
      </DropdownMenuItem>
    </>
  );
}

/** The users page's "Download" menu: the filtered list, every user, or the import template. */
export function DownloadMenu({ filtered, all, template }: DownloadChoices) {
  if (!filtered && !all && !template) return null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline">
          <Download aria-hidden="true" />
          Download
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {(filtered || all) && <DropdownMenuLabel>User list</DropdownMenuLabel>}
        {filtered && <Entries label="Download filtered list" links={filtered} />}
        {all && <Entries label="Download all users" links={all} />}
        {template && (filtered || all) && <DropdownMenuSeparator />}
        {template && <Entries label="Download template" links={template} />}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
