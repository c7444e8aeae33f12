import { inArray, sql } from "drizzle-orm";
import { accounts } from "@/db/schema";
import type { Db } from "@/db/types";

/** Room for a numeric suffix within a length people can still type. */
const BASE_MAX = 60;
const BATCH = 50;

// Latin letters that accent stripping (NFD) leaves alone.
const LETTERS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i", ħ: "h" };

/** One name as ASCII: accents stripped, apostrophes dropped, spaces and hyphens made one hyphen. */
function asciiPart(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[ßæœøłđðþıħ]/g, (c) => LETTERS[c])
    .replace(/['’]/g, "")
    .replace(/[^a-z]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * SPEC section 1: `first.last`, ASCII, lowercase. A name with no Latin letter to keep (Chinese,
 * Arabic…) falls back to the email's local part, so that the username still says who it is.
 */
export function usernameBase(firstName: string, lastName: string, email: string): string {
  const first = asciiPart(firstName);
  const last = asciiPart(lastName);
  const base =
    first && last
      ? `${first}.${last}`
      : (email.split("@")[0] ?? "")
          .toLowerCase()
          .normalize("NFD")
          .replace(/\p{M}/gu, "")
          .replace(/[^a-z0-9._-]+/g, "")
          .replace(/^[._-]+|[._-]+$/g, "");
  return (base || "user").slice(0, BASE_MAX).replace(/[._-]+$/, "");
}

const candidate = (base: string, n: number) => (n === 1 ? base : `${base}${n}`);

/**
 * The first free username among base, base2, base3… Looked up by batches of exact names, which
 * the unique index answers directly. Free now is not free at commit: the caller inserts under
 * the unique index and asks again after a collision.
 */
export async function firstFreeUsername(db: Db, base: string): Promise<string> {
  for (let from = 1; ; from += BATCH) {
    const names = Array.from({ length: BATCH }, (_, i) => candidate(base, from + i));
    const taken = new Set((await db.select({ username: accounts.username }).from(accounts).where(inArray(accounts.username, names))).map((r) => r.username));
    const free = names.find((n) => !taken.has(n));
    if (free) return free;
  }
}

/** Candidates past those a batch needs, so that a few taken names cost no second look-up. */
const SPARE = 4;

/**
 * Usernames for many new accounts at once (the import's set-based path), the same as calling
 * firstFreeUsername then inserting, row after row: rows sharing a base take its free names in
 * order (base, base2, …), skipping those taken. One look-up answers the whole batch unless a base
 * has more taken names than SPARE, which asks again for that base only. The caller inserts under
 * the unique index and handles a collision with a concurrent writer.
 */
export async function freeUsernames(db: Db, bases: readonly string[]): Promise<string[]> {
  const need = new Map<string, number>();
  for (const base of bases) need.set(base, (need.get(base) ?? 0) + 1);
  const free = new Map<string, string[]>([...need.keys()].map((b) => [b, []]));
  const next = new Map<string, number>();
  let pending = [...need.keys()];
  while (pending.length > 0) {
    const tried = new Map<string, string[]>();
    for (const base of pending) {
      const from = next.get(base) ?? 1;
      const count = need.get(base)! - free.get(base)!.length + SPARE;
      tried.set(base, Array.from({ length: count }, (_, i) => candidate(base, from + i)));
      next.set(base, from + count);
    }
    // One parameter for the whole list: a batch's names would pass the protocol's parameter limit.
    const names = JSON.stringify([...tried.values()].flat());
    const rows = await db
      .select({ username: accounts.username })
      .from(accounts)
      .where(sql`${accounts.username} in (select jsonb_array_elements_text(${names}::jsonb))`);
    const taken = new Set(rows.map((r) => r.username));
    for (const [base, names] of tried) {
      const list = free.get(base)!;
      for (const name of names) if (!taken.has(name) && list.length < need.get(base)!) list.push(name);
    }
    pending = pending.filter((b) => free.get(b)!.length < need.get(b)!);
  }
  const used = new Map<string, number>();
  return bases.map((base) => {
    const at = used.get(base) ?? 0;
    used.set(base, at + 1);
    return free.get(base)![at];
  });
}
