import type { ReactNode } from "react";
import { SideNav, type NavItem } from "@/components/shell/side-nav";
import { TopBar, type TopBarProps } from "@/components/shell/top-bar";

export type AppShellProps = {
  clientspace: TopBarProps["clientspace"];
  user: { name: string; email: string };
  profileHref: string;
  navItems: readonly NavItem[];
  children: ReactNode;
};

/** The signed-in frame. Pages bring their own <h1>. */
export function AppShell({ clientspace, user, profileHref, navItems, children }: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-background focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-foreground focus:shadow-lg"
      >
        Skip to content
      </a>
      <TopBar clientspace={clientspace} user={user} profileHref={profileHref} />
      <div className="flex flex-1 flex-col md:flex-row">
        <div className="shrink-0 border-b bg-background md:w-56 md:border-r md:border-b-0">
          <SideNav items={navItems} className="md:sticky md:top-0" />
        </div>
        {/* tabIndex -1 lets the skip link move focus here, not just scroll. */}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 focus-visible:outline-none md:p-8">
          {children}
        </main>
      </div>
    </div>
  );
}
