import type { Db } from "@/db/types";
import { AuditRecorder, writeAuditEvents, type AuditActor, type AuditSource } from "./audit";

export type WriteContext = {
  tx: Db;
  audit: AuditRecorder;
  source: AuditSource;
};

/**
 * The one way to change data, whatever the door (UI action, API, import): a transaction whose
 * audit events are inserted inside it, so a change and its record commit or roll back together.
 * Emails queued in the outbox during `fn` are delivered by `afterCommit` once committed.
 */
export async function runWrite<T>(
  db: Db,
  actor: AuditActor,
  source: AuditSource,
  fn: (ctx: WriteContext) => Promise<T>,
  options: { afterCommit?: () => Promise<void> } = {},
): Promise<T> {
  const result = await db.transaction(async (tx) => {
    const audit = new AuditRecorder();
    const value = await fn({ tx, audit, source });
    await writeAuditEvents(tx, actor, source, audit.entries);
    return value;
  });
  await options.afterCommit?.();
  return result;
}
