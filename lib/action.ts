import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client";
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

export type ActionContext = WriteContext & { user: SignedInUser };

type Handler<I, T> = (ctx: ActionContext, input: I) => Promise<{ message: string; data?: T }>;

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
 * The one server-action wrapper: the signed-in user checked against the database, the input
 * parsed with zod, one transaction with the audit events the handler recorded, emails sent after
 * commit, and a result shaped for useActionState and react-hook-form. The permission check on the
 * target belongs to the domain function the handler calls, where the target is known.
 * Callable as `(prevState, formData)` from useActionState, or `(null, values)` from code.
 * `readOnly`: the same checks and answers for a lookup, without the after-write work.
 */
export function defineAction<S extends z.ZodType, T = undefined>(schema: S, handler: Handler<z.output<S>, T>, options: { readOnly?: boolean } = {}) {
  return async (_prev: ActionResult<T> | null, payload: FormData | z.input<S>): Promise<ActionResult<T>> => {
    const check = await getSessionCheck();
    if (!check?.ok) return { ok: false, message: "Your session has ended. Sign in again." };
    const user = check.user;

    const raw = payload instanceof FormData ? formDataToObject(payload) : payload;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        message: "Some fields need your attention.",
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>,
      };
    }

    const db = await getDb();
    try {
      const result = await runWrite(
        db,
        { accountId: user.accountId, label: user.name, clientspaceId: user.clientspaceId },
        "ui",
        (ctx) => handler({ ...ctx, user }, parsed.data),
        {
          afterCommit: async () => {
            // A lookup (the wizard's email check, the delete dialog's blockers) changed nothing.
            if (options.readOnly) return;
            invalidateStats(user.clientspaceId);
            await deliverPendingEmails(db);
          },
        },
      );
      return { ok: true, message: result.message, data: result.data };
    } catch (err) {
      if (err instanceof DomainError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, kind: err.kind };
      console.error("Server action failed", err);
      return { ok: false, message: "Something went wrong and nothing was changed. Try again in a moment." };
    }
  };
}
