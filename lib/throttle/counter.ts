import { and, eq, sql, type SQL } from "drizzle-orm";
import { throttleCounters } from "@/db/schema";
import type { Db } from "@/db/types";
import { plural } from "@/lib/format";

/**
 * Throttling counted in the database so that it holds across instances (SPEC section 8). Each hit
 * is one `insert … on conflict do update … returning`: the row lock PostgreSQL takes for the
 * upsert orders concurrent hits on one key, so two instances never both let the same hit through.
 * docs/decisions/001-throttling-counter.md says why this is not rate-limiter-flexible.
 */

/** At most `limit` hits per `windowSeconds`, counted from the first hit of the window. */
export type WindowRule = { bucket: string; limit: number; windowSeconds: number };

/**
 * Growing delays: after `freeAttempts`, each attempt makes the next one wait 1×, 2×, 4×…
 * `firstDelaySeconds`, at most `maxDelaySeconds`; forgotten after `forgetAfterSeconds` of quiet.
 */
export type DelayRule = { bucket: string; freeAttempts: number; firstDelaySeconds: number; maxDelaySeconds: number; forgetAfterSeconds: number };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const t = throttleCounters;
const seconds = (n: number) => sql`make_interval(secs => ${n})`;
const secondsUntil = (at: SQL | typeof t.blockedUntil) => sql<number>`greatest(ceil(extract(epoch from (${at} - now()))), 1)::int`;

/** Counts one hit against a window rule; refused hits count too, which extends nothing. */
export async function hitWindow(db: Db, rule: WindowRule, key: string): Promise<ThrottleVerdict> {
  const expired = sql`${t.windowStartedAt} <= now() - ${seconds(rule.windowSeconds)}`;
  const [row] = await db
    .insert(t)
    .values({ bucket: rule.bucket, key, hits: 1, windowStartedAt: sql`now()`, updatedAt: sql`now()` })
    .onConflictDoUpdate({
      target: [t.bucket, t.key],
      set: {
        hits: sql`case when ${expired} then 1 else ${t.hits} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${t.windowStartedAt} end`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ hits: t.hits, retryAfterSeconds: secondsUntil(sql`${t.windowStartedAt} + ${seconds(rule.windowSeconds)}`) });
  return row.hits <= rule.limit ? { allowed: true } : { allowed: false, retryAfterSeconds: row.retryAfterSeconds };
}

/**
 * One attempt against a delay rule: refused (and not counted) while the key waits, else counted,
 * and the wait the next attempt must honour is set at once, so that parallel attempts cannot all
 * slip through before the first failure is recorded. A success then calls `forgive` or `clear`.
 * A waiting key fails the upsert's WHERE: nothing is written and no row comes back, which is how
 * a refusal is told (a clock-based test failed on PGlite, whose clock ticks in milliseconds).
 */
export async function attemptDelayed(db: Db, rule: DelayRule, key: string): Promise<ThrottleVerdict> {
  const quiet = sql`${t.updatedAt} <= now() - ${seconds(rule.forgetAfterSeconds)}`;
  const next = sql`(case when ${quiet} then 1 else ${t.hits} + 1 end)`;
  const waitAfter = (hits: SQL) =>
    sql`case when ${hits} <= ${rule.freeAttempts} then null
      else now() + least(${rule.maxDelaySeconds}::float8, ${rule.firstDelaySeconds}::float8 * power(2, ${hits} - ${rule.freeAttempts} - 1)) * interval '1 second' end`;
  const counted = await db
    .insert(t)
    .values({ bucket: rule.bucket, key, hits: 1, windowStartedAt: sql`now()`, blockedUntil: waitAfter(sql`1`), updatedAt: sql`now()` })
    .onConflictDoUpdate({
      target: [t.bucket, t.key],
      set: {
        hits: next,
        blockedUntil: waitAfter(next),
        windowStartedAt: sql`case when ${quiet} then now() else ${t.windowStartedAt} end`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`not coalesce(${t.blockedUntil} > now(), false)`,
    })
    .returning({ hits: t.hits });
  if (counted.length > 0) return { allowed: true };
  const [row] = await db
    .select({ retryAfterSeconds: secondsUntil(t.blockedUntil) })
    .from(t)
    .where(and(eq(t.bucket, rule.bucket), eq(t.key, key)));
  return { allowed: false, retryAfterSeconds: row?.retryAfterSeconds ?? 1 };
}

/** Takes back one attempt that turned out fine (a right password from a shared address). */
export async function forgive(db: Db, rule: DelayRule, key: string): Promise<void> {
  await db
    .update(t)
    .set({
      hits: sql`greatest(${t.hits} - 1, 0)`,
      blockedUntil: sql`case when ${t.hits} - 1 <= ${rule.freeAttempts} then null else ${t.blockedUntil} end`,
    })
    .where(and(eq(t.bucket, rule.bucket), eq(t.key, key)));
}

/** Forgets a key altogether (the account signed in with its right password). */
export async function clearThrottle(db: Db, bucket: string, key: string): Promise<void> {
  await db.delete(t).where(and(eq(t.bucket, bucket), eq(t.key, key)));
}

/** "12 seconds", "3 minutes": the wait as a person reads it, rounded up. */
export function waitText(seconds: number): string {
  if (seconds < 90) return plural(seconds, "second");
  return plural(Math.ceil(seconds / 60), "minute");
}
