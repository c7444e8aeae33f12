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
  await tx.insert(auditEvents).values(
    entries.map((e) => ({
      clientspaceId: actor.clientspaceId,
      actorAccountId: actor.accountId,
      actorLabel: actor.label,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId ?? null,
      targetLabel: e.targetLabel ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      source,
    })),
  );
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
