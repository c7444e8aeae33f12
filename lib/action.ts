import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client";
import type { Db } from "@/db/types";
import type { AuditActor, AuditSource } from "@/lib/audit";
import { getSessionCheck } from "@/lib/auth/current-user";
import type { SignedInUser } from "@/lib/auth/session-check";
import { deliverPendingEmails } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { invalidateStats } from "@/lib/users/stats-cache";
import { runWrite, type WriteContext } from "@/lib/write";

export type ActionResult<T = undefined> =
  | { ok: true; message: string; data?: T }
  | {
      ok: false;
      message: string;
      fieldErrors?: Record<string, string[] | undefined>;
      /** The DomainError's kind, when a rule refused: a form offers "Reload" on a "conflict". */
      kind?: DomainError["kind"];
    };

type Refusal = Extract<ActionResult, { ok: false }>;

export type ActionContext = WriteContext & { user: SignedInUser };

type Handler<I, T> = (ctx: ActionContext, input: I) => Promise<{ message: string; data?: T }>;

export type ActionOptions = {
  /** A lookup: the same checks and answers, without the after-write work. */
  readOnly?: boolean;
  /**
   * What the user reads when the schema refuses the input (the field errors go with it): a form
   * whose fields are all shown keeps the default; a payload built by the page (ids, a mapping)
   * may say what to do instead, or pick a message of its own from the issues.
   */
  invalidMessage?: string | ((error: z.ZodError) => string);
};

export const SESSION_ENDED_MESSAGE = "Your session has ended. Sign in again.";
export const INVALID_INPUT_MESSAGE = "Some fields need your attention.";
export const FAILED_MESSAGE = "Something went wrong and nothing was changed. Try again in a moment.";

/** FormData to a plain object; a name given twice becomes an array. */
function formDataToObject(form: FormData) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/**
 * The steps every action takes before its work: the signed-in user checked against the database,
 * then the input parsed. Bad input changes nothing: it is answered with each field's errors.
 */
async function signedInWithInput<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  options: ActionOptions,
): Promise<{ ok: true; user: SignedInUser; input: z.output<S> } | { ok: false; refusal: Refusal }> {
  const check = await getSessionCheck();
  if (!check?.ok) return { ok: false, refusal: { ok: false, message: SESSION_ENDED_MESSAGE } };
  const parsed = schema.safeParse(payload instanceof FormData ? formDataToObject(payload) : payload);
  if (!parsed.success) {
    const { invalidMessage = INVALID_INPUT_MESSAGE } = options;
    return {
      ok: false,
      refusal: {
        ok: false,
        message: typeof invalidMessage === "function" ? invalidMessage(parsed.error) : invalidMessage,
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>,
      },
    };
  }
  return { ok: true, user: check.user, input: parsed.data };
}

/** A failure as the user reads it: a rule's own words; anything else is logged and not shown. */
function refusalOf(err: unknown): Refusal {
  if (err instanceof DomainError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, kind: err.kind };
  console.error("Server action failed", err);
  return { ok: false, message: FAILED_MESSAGE };
}

/** After a write: the clientspace's counts drop their cache and the emails it queued go out. */
async function afterWrite(db: Db, user: SignedInUser) {
  invalidateStats(user.clientspaceId);
  await deliverPendingEmails(db);
}

const auditActorOf = (user: SignedInUser): AuditActor => ({ accountId: user.accountId, label: user.name, clientspaceId: user.clientspaceId });

/**
 * The one server-action wrapper: the signed-in user checked against the database, the input
 * parsed with zod, one transaction with the audit events the handler recorded, emails sent after
 * commit, and a result shaped for useActionState and react-hook-form. The permission check on the
 * target belongs to the domain function the handler calls, where the target is known.
 * Callable as `(prevState, formData)` from useActionState, or `(null, values)` from code.
 * `readOnly`: the same checks and answers for a lookup, without the after-write work.
 * Work that is not one transaction goes through defineBatchedAction below.
 */
export function defineAction<S extends z.ZodType, T = undefined>(schema: S, handler: Handler<z.output<S>, T>, options: ActionOptions = {}) {
  return async (_prev: ActionResult<T> | null, payload: FormData | z.input<S>): Promise<ActionResult<T>> => {
    const start = await signedInWithInput(schema, payload, options);
    if (!start.ok) return start.refusal;
    const { user, input } = start;

    const db = await getDb();
    try {
      const result = await runWrite(db, auditActorOf(user), "ui", (ctx) => handler({ ...ctx, user }, input), {
        // A lookup (the wizard's email check, the delete dialog's blockers) changed nothing.
        afterCommit: options.readOnly ? undefined : () => afterWrite(db, user),
      });
      return { ok: true, message: result.message, data: result.data };
    } catch (err) {
      return refusalOf(err);
    }
  };
}

/** What a batched handler runs its work with: the shape lib/users/bulk.ts and lib/import/job.ts take. */
export type BatchRunner = {
  db: Db;
  auditActor: AuditActor;
  source: AuditSource;
  /** After each committed batch: the emails queued in it go out. */
  afterBatch: () => Promise<void>;
};

export type BatchedContext = { user: SignedInUser; runner: BatchRunner };

/**
 * A batched handler's answer: done, or a refusal in its own words, for work that stopped after
 * some of it committed (the user must learn what was saved; "nothing was changed" would be false).
 */
export type BatchedOutcome<T> = { message: string; data?: T } | { ok: false; message: string };

type BatchedHandler<I, T> = (ctx: BatchedContext, input: I) => Promise<BatchedOutcome<T>>;

/**
 * defineAction for work that is not one transaction: a bulk action commits batch by batch, an
 * import stores its rows in chunks and runs in the background (lib/users/bulk.ts says why). The
 * same session check, parsing and answers; the handler gets the database and the audit actor
 * instead of a transaction, and writes through its domain functions' own transactions. The
 * after-write work runs once the handler ends, however it ends, since batches may have committed
 * before a failure.
 */
export function defineBatchedAction<S extends z.ZodType, T = undefined>(schema: S, handler: BatchedHandler<z.output<S>, T>, options: ActionOptions = {}) {
  return async (_prev: ActionResult<T> | null, payload: FormData | z.input<S>): Promise<ActionResult<T>> => {
    const start = await signedInWithInput(schema, payload, options);
    if (!start.ok) return start.refusal;
    const { user, input } = start;

    const db = await getDb();
    const runner: BatchRunner = { db, auditActor: auditActorOf(user), source: "ui", afterBatch: () => deliverPendingEmails(db) };
    try {
      const outcome = await handler({ user, runner }, input);
      return "ok" in outcome ? outcome : { ok: true, message: outcome.message, data: outcome.data };
    } catch (err) {
      return refusalOf(err);
    } finally {
      if (!options.readOnly) await afterWrite(db, user);
    }
  };
}
