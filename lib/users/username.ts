import { inArray } from "drizzle-orm";
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
