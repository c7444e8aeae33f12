"use client";

import { use, useRef } from "react";
import { useQueryStates } from "nuqs";
import { Sheet, SheetContent } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PANEL_TABS, panelParsers, type PanelTab } from "@/lib/users/directory-params";
import type { UserPanelData } from "@/lib/users/panel";
import { AccessTab } from "./panel/access-tab";
import { HistoryTab } from "./panel/history-tab";
import { LicenseTab } from "./panel/license-tab";
import type { LicenseTypeOption, RoleOption, WorkspaceOption } from "./panel/access-dialogs";
import { AccessActions, LicenseActions, PanelFooterActions } from "./panel/panel-actions";
import { ProfileTab } from "./panel/profile-tab";
import { StatisticsTab } from "./panel/statistics-tab";

const TAB_LABELS: Record<PanelTab, string> = {
  profile: "Profile",
  license: "License",
  access: "Access",
  statistics: "Statistics",
  history: "History",
};

const isPanelTab = (value: string): value is PanelTab => (PANEL_TABS as readonly string[]).includes(value);

/**
 * The detail panel of the users page. The URL drives it: open while `user` is set (the table
 * pushes it, so Back closes the panel), the active tab is `tab`. It is modal: focus stays inside
 * until it closes (Escape, ✕, a click beside it, Back) and then returns to the row it came from;
 * the table stays in view behind it.
 */
export function UserPanel({
  panelPromise,
  licenseTypes,
  workspaces,
  roles,
}: {
  panelPromise: Promise<UserPanelData | null>;
  licenseTypes: LicenseTypeOption[];
  workspaces: WorkspaceOption[];
  roles: RoleOption[];
}) {
  const data = use(panelPromise);
  const [{ user, tab }, setPanel] = useQueryStates(panelParsers);
  const opener = useRef<HTMLElement | null>(null);

  const onOpenChange = (open: boolean) => {
    if (!open) void setPanel({ user: null, tab: null }, { history: "push" });
  };

  // The panel is opened by a navigation, not by a Radix trigger, so Radix cannot know where focus
  // came from: remember it when the panel takes focus, and give it back on close.
  const onOpenAutoFocus = () => {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
  };
  const onCloseAutoFocus = (event: Event) => {
    event.preventDefault();
    // The shown user's name link first: after choosing other rows, it is the one the reader is on.
    const row = data ? document.querySelector<HTMLElement>(`a[href*="user=${CSS.escape(data.user.accountId)}"]`) : null;
    (row ?? (opener.current?.isConnected ? opener.current : null))?.focus();
  };

  const focusProps = { onOpenAutoFocus, onCloseAutoFocus };

  if (!data) {
    return (
      <Sheet open={user !== null} onOpenChange={onOpenChange}>
        <SheetContent title="User not found" description="This user does not exist or you may not see it." {...focusProps} />
      </Sheet>
    );
  }

  const name = `${data.user.firstName} ${data.user.lastName}`.trim() || data.user.email;
  return (
    <Sheet open={user !== null} onOpenChange={onOpenChange}>
      <SheetContent title={name} description={`${data.user.email} · ${data.user.username}`} {...focusProps}>
        <Tabs
          value={tab}
          onValueChange={(value) => {
            if (isPanelTab(value)) void setPanel({ tab: value }, { history: "replace" });
          }}
        >
          <TabsList aria-label={`Details of ${name}`}>
            {PANEL_TABS.map((t) => (
              <TabsTrigger key={t} value={t}>
                {TAB_LABELS[t]}
              </TabsTrigger>
            ))}
          </TabsList>
          <TabsContent value="profile">
            <ProfileTab data={data} />
          </TabsContent>
          <TabsContent value="license">
            <LicenseTab data={data} actions={<LicenseActions data={data} licenseTypes={licenseTypes} />} />
          </TabsContent>
          <TabsContent value="access">
            <AccessTab data={data} actions={<AccessActions data={data} workspaces={workspaces} roles={roles} />} />
          </TabsContent>
          <TabsContent value="statistics">
            <StatisticsTab data={data} />
          </TabsContent>
          <TabsContent value="history">
            <HistoryTab data={data} />
          </TabsContent>
        </Tabs>
        <PanelFooterActions data={data} />
      </SheetContent>
    </Sheet>
  );
}

/** Shown while the panel's data loads. Not a dialog: it must not take focus from the row link. */
export function UserPanelSkeleton() {
  return (
    <div
      role="status"
      className="fixed inset-y-0 right-0 z-50 flex w-full flex-col gap-4 border-l bg-background p-6 shadow-xl sm:max-w-xl"
    >
      <span className="sr-only">Loading the user’s details…</span>
      <Skeleton className="h-6 w-52" />
      <Skeleton className="h-4 w-72" />
      <Skeleton className="mt-2 h-9 w-full" />
      <div className="grid gap-3 pt-2">
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-4 w-full" />
        ))}
      </div>
    </div>
  );
}
