"use server";

import { z } from "zod";
import { savePreference } from "@/db/queries/preferences";
import { defineAction } from "@/lib/action";
import { COLUMN_IDS } from "@/lib/users/directory-params";

/** Remembers the users table's columns for this person in this clientspace (read by the page when the URL has none). */
export const saveColumnsAction = defineAction(z.array(z.enum(COLUMN_IDS)).min(1), async (ctx, cols) => {
  await savePreference(ctx.tx, ctx.user.accountId, ctx.user.clientspaceId, "users.columns", cols);
  return { message: "Columns saved." };
});
