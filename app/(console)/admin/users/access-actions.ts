"use server";

import { eq } from "drizzle-orm";
import { z } from "zod";
import { roles, workspaces } from "@/db/schema";
import { defineAction, type ActionContext, type ActionResult } from "@/lib/action";
import { removeLicense, setLicense } from "@/lib/users/license";
import { addToWorkspace, changeWorkspaceRole, removeFromWorkspace, setClientspaceRights } from "@/lib/users/rights";
import { nameOf, refreshed, type Payload } from "./action-support";

/**
 * License and clientspace rights from the users page (SPEC sections 2 and 5). The domain
 * functions check the permission on the target, the seats and the last-admin rule; the name for
 * the message is read only after they succeeded.
 */



/** A checkbox: "on" (or "true") when ticked, absent when not. */
const checkbox = z.stringbool().default(false);

const setLicenseSchema = z.object({
  userId: z.uuid(),
  licenseTypeId: z.uuid({ error: "Choose a license type." }),
  start: z.iso.date({ error: "Give the start date." }),
  end: z.iso.date({ error: "Give the end date." }),
});

const userIdSchema = z.object({ userId: z.uuid() });

const rightsSchema = z.object({
  userId: z.uuid(),
  isAdmin: checkbox,
  isAuditor: checkbox,
});

const set = defineAction(setLicenseSchema, async (ctx, input) => {
  const row = await setLicense(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: `${name}’s license is set, from ${row.licenseStart ?? input.start} to ${row.licenseEnd ?? input.end}.` };
});

const remove = defineAction(userIdSchema, async (ctx, input) => {
  await removeLicense(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: `${name} no longer has a license. Their seat is free.` };
});

const rights = defineAction(rightsSchema, async (ctx, input) => {
  const row = await setClientspaceRights(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  const held = [row.isAdmin && "admin access", row.isAuditor && "auditor"].filter(Boolean).join(" and ");
  return { message: held ? `${name}’s clientspace rights are saved: ${held}.` : `${name}’s clientspace rights are saved: none.` };
});

const workspaceRoleSchema = z.object({
  userId: z.uuid(),
  workspaceId: z.uuid({ error: "Choose a workspace." }),
  roleId: z.uuid({ error: "Choose a role." }),
});

const workspaceRemovalSchema = z.object({ userId: z.uuid(), workspaceId: z.uuid() });

async function workspaceNameOf(ctx: ActionContext, workspaceId: string): Promise<string> {
  const [row] = await ctx.tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.name ?? "the workspace";
}

async function roleNameOf(ctx: ActionContext, roleId: string): Promise<string> {
  const [row] = await ctx.tx.select({ name: roles.name }).from(roles).where(eq(roles.id, roleId));
  return row?.name ?? "the role";
}

const addWorkspace = defineAction(workspaceRoleSchema, async (ctx, input) => {
  await addToWorkspace(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: `${name} is now in ${await workspaceNameOf(ctx, input.workspaceId)} as ${await roleNameOf(ctx, input.roleId)}.` };
});

const changeRole = defineAction(workspaceRoleSchema, async (ctx, input) => {
  await changeWorkspaceRole(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: `${name} is now ${await roleNameOf(ctx, input.roleId)} in ${await workspaceNameOf(ctx, input.workspaceId)}.` };
});

const removeWorkspace = defineAction(workspaceRemovalSchema, async (ctx, input) => {
  await removeFromWorkspace(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: `${name} is no longer in ${await workspaceNameOf(ctx, input.workspaceId)}.` };
});


export async function setLicenseAction(prev: ActionResult | null, payload: Payload<typeof setLicenseSchema>) {
  return refreshed(await set(prev, payload));
}

export async function removeLicenseAction(prev: ActionResult | null, payload: Payload<typeof userIdSchema>) {
  return refreshed(await remove(prev, payload));
}

export async function setRightsAction(prev: ActionResult | null, payload: Payload<typeof rightsSchema>) {
  return refreshed(await rights(prev, payload));
}

export async function addToWorkspaceAction(prev: ActionResult | null, payload: Payload<typeof workspaceRoleSchema>) {
  return refreshed(await addWorkspace(prev, payload));
}

export async function changeWorkspaceRoleAction(prev: ActionResult | null, payload: Payload<typeof workspaceRoleSchema>) {
  return refreshed(await changeRole(prev, payload));
}

export async function removeFromWorkspaceAction(prev: ActionResult | null, payload: Payload<typeof workspaceRemovalSchema>) {
  return refreshed(await removeWorkspace(prev, payload));
}
