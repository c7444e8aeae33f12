import Link from "next/link";
import { UserMenu } from "@/components/shell/user-menu";

export type TopBarProps = {
  clientspaceName: string;
  user: { name: string; email: string };
  profileHref: string;
};

export function TopBar({ clientspaceName, user, profileHref }: TopBarProps) {
  return (
    <header className="flex h-14 shrink-0 items-center justify-between gap-4 border-b bg-background px-4">
      <div className="flex min-w-0 items-center gap-3">
        <Link href="/" className="rounded-sm text-base font-semibold tracking-tight text-foreground">
          Roster
        </Link>
        <span aria-hidden="true" className="text-muted-foreground">
          /
        </span>
        <span className="truncate text-sm font-medium text-foreground">
          <span className="sr-only">Clientspace: </span>
          {clientspaceName}
        </span>
      </div>
      <UserMenu user={user} profileHref={profileHref} />
    </header>
  );
}
