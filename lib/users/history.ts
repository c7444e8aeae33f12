/** Audit events as a person reads them: "Password changed", "Title: Engineer → Lead engineer". */

export type FieldChange = { field: string; before: string; after: string };

/** "user.password_changed" → "Password changed"; the "user." prefix says nothing inside a user's panel. */
export function describeAction(action: string): string {
  const words = action.replace(/^user\./, "").replace(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describeField(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[._]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map(describeValue).join(", ");
  return JSON.stringify(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}

/** The fields that differ between an event's before and after (jsonb keeps its own key order). */
export function describeChanges(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: describeField(k), before: describeValue(b[k]), after: describeValue(a[k]) }));
}
