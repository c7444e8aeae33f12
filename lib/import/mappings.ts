import { and, asc, eq } from "drizzle-orm";
import { importMappings } from "@/db/schema";
import type { Db } from "@/db/types";
import { DomainError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { USER_FIELD_IDS, type ColumnMapping, type UserFieldId } from "@/lib/transfer/fields";
import { UUID_RE } from "@/lib/users/directory-params";
import type { WriteContext } from "@/lib/write";
import { refuseUnlessMayImport } from "./preview";

/**
 * Saved mappings (SPEC section 6, "saved as an action"): a column mapping kept under a name for
 * the clientspace and applied to a later file by its headers.
 */

export type SavedMapping = { id: string; name: string; mapping: ColumnMapping };

const FIELDS = new Set<string>(USER_FIELD_IDS);
const NAME_MAX = 80;

function cleanMapping(mapping: Record<string, string | null>): ColumnMapping {
  const out: ColumnMapping = {};
  for (const [header, field] of Object.entries(mapping)) out[header] = field && FIELDS.has(field) ? (field as UserFieldId) : null;
  return out;
}

/** Saves (or replaces) the mapping under this name. */
export async function saveImportMapping(ctx: WriteContext, actor: Actor, input: { name: string; mapping: ColumnMapping }): Promise<SavedMapping> {
  refuseUnlessMayImport(actor);
  const name = input.name.trim().replace(/\s+/g, " ");
  if (!name || name.length > NAME_MAX) {
    const message = name ? `Keep the name to ${NAME_MAX} characters.` : "Give the mapping a name.";
    throw new DomainError(message, "invalid", { name: [message] });
  }
  const mapping = cleanMapping(input.mapping);
  const [row] = await ctx.tx
    .insert(importMappings)
    .values({ clientspaceId: actor.clientspaceId, name, mapping, createdBy: actor.accountId })
    .onConflictDoUpdate({ target: [importMappings.clientspaceId, importMappings.name], set: { mapping, createdBy: actor.accountId } })
    .returning();
  ctx.audit.record({ action: "import.mapping_saved", targetType: "import_mapping", targetId: row.id, targetLabel: name, after: { mapping } });
  return { id: row.id, name: row.name, mapping };
}

export async function listImportMappings(db: Db, actor: Actor): Promise<SavedMapping[]> {
  refuseUnlessMayImport(actor);
  const rows = await db.select().from(importMappings).where(eq(importMappings.clientspaceId, actor.clientspaceId)).orderBy(asc(importMappings.name));
  return rows.map((r) => ({ id: r.id, name: r.name, mapping: cleanMapping(r.mapping) }));
}

/** A saved mapping applied to a file's headers: the headers it knows take its field; the others keep `fallback`. */
export async function applySavedMapping(db: Db, actor: Actor, id: string, headers: readonly string[], fallback: ColumnMapping): Promise<ColumnMapping> {
  refuseUnlessMayImport(actor);
  if (!UUID_RE.test(id)) throw notFound("mapping");
  const [row] = await db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.id, id), eq(importMappings.clientspaceId, actor.clientspaceId)));
  if (!row) throw notFound("mapping");
  const saved = cleanMapping(row.mapping);
  return Object.fromEntries(headers.map((h) => [h, h in saved ? saved[h] : (fallback[h] ?? null)]));
}
