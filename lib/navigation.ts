import { can, type Actor } from "@/lib/permissions";

export type NavItem = { href: string; label: string; icon: "users" | "audit" | "settings" | "profile" };

/** The side navigation, from the permission table: a link appears only where the page would open. */
export function navigationFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [];
  if (can(actor, "directory.view")) items.push({ href: "/admin/users", label: "Users", icon: "users" });
  if (can(actor, "audit.view")) items.push({ href: "/admin/audit", label: "Audit log", icon: "audit" });
  if (can(actor, "settings.manage")) items.push({ href: "/admin/settings", label: "Settings", icon: "settings" });
  if (items.length === 0) items.push({ href: "/account", label: "My profile", icon: "profile" });
  return items;
}

/** "My profile": the users page with oneself selected for those who see it, else the own profile page. */
export function profileHrefFor(actor: Actor): string {
  return can(actor, "directory.view") ? `/admin/users?user=${actor.accountId}` : "/account";
}

export function homeFor(actor: Actor): string {
  return can(actor, "directory.view") ? "/admin/users" : "/account";
}
