"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { CircleUser, ScrollText, Settings, Users, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils/cn";

// Icons are named rather than passed, because a server layout cannot pass components to a client one.
const icons = {
  users: Users,
  audit: ScrollText,
  settings: Settings,
  profile: CircleUser,
} satisfies Record<string, LucideIcon>;

export type NavIconName = keyof typeof icons;

export type NavItem = { href: string; label: string; icon: NavIconName };

/** An item is current on its own page and on the pages below it (/admin/users/import). */
function isCurrent(pathname: string, href: string): boolean {
  const path = href.split(/[?#]/)[0];
  return pathname === path || pathname.startsWith(`${path}/`);
}

export function SideNav({ items, className }: { items: readonly NavItem[]; className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className={className}>
      <ul className="flex gap-1 overflow-x-auto p-2 md:flex-col md:overflow-visible md:p-3">
        {items.map((item) => {
          const Icon = icons[item.icon];
          const current = isCurrent(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium transition-colors",
                  current
                    ? "bg-accent text-accent-foreground"
                    : "text-muted-foreground hover:bg-muted hover:text-foreground",
                )}
              >
                <Icon aria-hidden="true" className="size-4 shrink-0" />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
