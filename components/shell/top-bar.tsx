import Link from "next/link";
import { ClientspaceSwitcher, type ClientspaceSwitcherProps } from "@/components/shell/clientspace-switcher";
import { UserMenu } from "@/components/shell/user-menu";

export type TopBarProps = {
  clientspace: ClientspaceSwitcherProps;
  user: { name: string; email: string };
  profileHref: string;
};

export function TopBar({ clientspace, user, profileHref }: TopBarProps) {
  return (
    <header className="flex h-14 shrink-0 items-center justify-between gap-4 border-b bg-background px-4">
      <div className="flex min-w-0 items-center gap-3">
        <Link href="/" className="rounded-sm text-base font-semibold tracking-tight text-foreground">
          Roster
        </Link>
        <span aria-hidden="true" className="text-muted-foreground">
          /
        </span>
        <ClientspaceSwitcher {...clientspace} />
      </div>
      <UserMenu user={user} profileHref={profileHref} />
    </header>
  );
}
