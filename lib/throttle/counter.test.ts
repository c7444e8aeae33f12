import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { throttleCounters } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { attemptDelayed, clearThrottle, forgive, hitWindow, waitText, type DelayRule, type WindowRule } from "./counter";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

let n = 0;
const key = () => `key-${++n}`;
const rowOf = async (bucket: string, k: string) =>
  (await h.db.select().from(throttleCounters).where(and(eq(throttleCounters.bucket, bucket), eq(throttleCounters.key, k))))[0];
/** Moves a counter back in time, as if its hits had happened `seconds` earlier. */
const age = (bucket: string, k: string, seconds: number) =>
  h.db.execute(
    sql`update throttle_counters set window_started_at = window_started_at - make_interval(secs => ${seconds}), updated_at = updated_at - make_interval(secs => ${seconds}), blocked_until = blocked_until - make_interval(secs => ${seconds}) where bucket = ${bucket} and key = ${k}`,
  );

describe("hitWindow", () => {
  const rule: WindowRule = { bucket: "test:window", limit: 3, windowSeconds: 3600 };

  it("lets `limit` hits through in a window, refuses the next with the time left, and opens a new window after it", async () => {
    const k = key();
    for (let i = 0; i < 3; i++) expect(await hitWindow(h.db, rule, k)).toEqual({ allowed: true });
    const refused = await hitWindow(h.db, rule, k);
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(3500);
    expect(await hitWindow(h.db, rule, key())).toEqual({ allowed: true });
    await age(rule.bucket, k, 3600);
    expect(await hitWindow(h.db, rule, k)).toEqual({ allowed: true });
    expect((await rowOf(rule.bucket, k)).hits).toBe(1);
  });

  it("counts parallel hits exactly (one row, no lost update)", async () => {
    const k = key();
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => hitWindow(h.db, rule, k)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    expect((await rowOf(rule.bucket, k)).hits).toBe(10);
  });
});

describe("attemptDelayed", () => {
  const rule: DelayRule = { bucket: "test:delay", freeAttempts: 2, firstDelaySeconds: 1, maxDelaySeconds: 8, forgetAfterSeconds: 900 };

  it("lets the free attempts through, then makes each next attempt wait 1×, 2×, 4×… the first wait, capped, not counting refusals", async () => {
    // Waits in minutes, so that no pause of a loaded machine outlives one.
    const slow = { ...rule, firstDelaySeconds: 100, maxDelaySeconds: 800, forgetAfterSeconds: 9000 };
    const k = key();
    expect(await attemptDelayed(h.db, slow, k)).toEqual({ allowed: true });
    expect(await attemptDelayed(h.db, slow, k)).toEqual({ allowed: true });
    expect((await rowOf(slow.bucket, k)).blockedUntil).toBeNull();
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await attemptDelayed(h.db, slow, k)).toEqual({ allowed: true });
      const refused = await attemptDelayed(h.db, slow, k);
      expect(refused.allowed).toBe(false);
      waits.push(refused.allowed ? 0 : refused.retryAfterSeconds);
      await age(slow.bucket, k, 1000);
    }
    expect(waits).toEqual([100, 200, 400, 800, 800]);
    expect((await rowOf(slow.bucket, k)).hits).toBe(7);
  });

  it("lets one of many parallel attempts through once the free ones are used", async () => {
    // A long first wait, so that a loaded machine cannot let it pass while the attempts queue.
    const slow = { ...rule, firstDelaySeconds: 600 };
    const k = key();
    await attemptDelayed(h.db, slow, k);
    await attemptDelayed(h.db, slow, k);
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => attemptDelayed(h.db, slow, k)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(1);
  });

  it("forgets a key after a quiet spell, and forgive takes one attempt back", async () => {
    const slow = { ...rule, firstDelaySeconds: 600 };
    const k = key();
    for (let i = 0; i < 3; i++) await attemptDelayed(h.db, slow, k);
    expect((await attemptDelayed(h.db, slow, k)).allowed).toBe(false);
    await forgive(h.db, slow, k);
    expect(await attemptDelayed(h.db, slow, k)).toEqual({ allowed: true });
    await age(slow.bucket, k, 901);
    expect(await attemptDelayed(h.db, slow, k)).toEqual({ allowed: true });
    expect((await rowOf(slow.bucket, k)).hits).toBe(1);
    await clearThrottle(h.db, slow.bucket, k);
    expect(await rowOf(slow.bucket, k)).toBeUndefined();
  });
});

describe("waitText", () => {
  it("reads as a person would say it", () => {
    expect([waitText(1), waitText(45), waitText(89), waitText(90), waitText(3599)]).toEqual(["1 second", "45 seconds", "89 seconds", "2 minutes", "60 minutes"]);
  });
});
