import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth/current-user";
import { navigationFor, profileHrefFor } from "@/lib/navigation";

// Every console page reads the database for the signed-in user: never prerendered at build time.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <AppShell
      clientspace={{ current: { id: user.clientspaceId, name: user.clientspaceName }, clientspaces: user.clientspaces }}
      user={{ name: user.name, email: user.email }}
      profileHref={profileHrefFor(user)}
      navItems={navigationFor(user)}
    >
      {children}
    </AppShell>
  );
}
