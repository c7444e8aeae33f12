import { sql } from "drizzle-orm";
import { recordsOf } from "@/db/json-records";
import { auditEvents, type NewAuditEvent } from "@/db/schema";
import type { Db } from "@/db/types";

export type AuditSource = NonNullable<NewAuditEvent["source"]>;

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  targetLabel?: string | null;
  before?: unknown;
  after?: unknown;
};

export type AuditActor = { accountId: string | null; label: string; clientspaceId: string | null };

/** Collects a write's audit events; the write runner inserts them in the same transaction. */
export class AuditRecorder {
  readonly entries: AuditEntry[] = [];
  record(entry: AuditEntry) {
    this.entries.push(entry);
  }
}

export async function writeAuditEvents(tx: Db, actor: AuditActor, source: AuditSource, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  // One jsonb parameter for the batch: an import batch records a thousand events (db/json-records.ts).
  const rows = entries.map((e) => ({
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId ?? null,
    target_label: e.targetLabel ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
  }));
  await tx.execute(sql`
    insert into ${auditEvents} (clientspace_id, actor_account_id, actor_label, action, target_type, target_id, target_label, before, after, source)
    select ${actor.clientspaceId}::uuid, ${actor.accountId}::uuid, ${actor.label}, action, target_type, target_id, target_label, before, after, ${source}::audit_source
    from ${recordsOf(rows, "action text, target_type text, target_id text, target_label text, before jsonb, after jsonb")}`);
}

/** Only the fields that differ, for before → after. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
