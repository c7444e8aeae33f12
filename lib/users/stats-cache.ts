import "server-only";

/**
 * Counts (per status, seats, matches of a filter) may read every membership of a clientspace:
 * 250 ms at a million users, too slow to repeat for every page view. They are shared for a short while per
 * clientspace and scope, concurrent requests wait for one computation, and any write in the
 * clientspace drops them (lib/action.ts), so an admin sees their own change at once.
 */
const TTL_MS = 30_000;

type Entry = { at: number; value: Promise<unknown> };
const holder = globalThis as unknown as { __rosterStats?: Map<string, Entry> };
const entries = (holder.__rosterStats ??= new Map());

export function cachedStats<T>(clientspaceId: string, key: string, compute: () => Promise<T>): Promise<T> {
  const id = `${clientspaceId}:${key}`;
  const hit = entries.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = compute();
  entries.set(id, { at: Date.now(), value });
  // A failure is not cached: the next request tries again.
  value.catch(() => {
    if (entries.get(id)?.value === value) entries.delete(id);
  });
  return value;
}

export function invalidateStats(clientspaceId: string) {
  for (const id of entries.keys()) if (id.startsWith(`${clientspaceId}:`)) entries.delete(id);
}
