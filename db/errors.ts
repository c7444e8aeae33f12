/**
 * PostgreSQL error codes a caller answers on purpose (SQLSTATE). Drizzle wraps the driver's
 * error in its own (DrizzleQueryError) with the original as `cause`; PGlite throws it bare:
 * both are read.
 */
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";

function codeOf(e: unknown): unknown {
  return typeof e === "object" && e !== null && "code" in e ? (e as { code: unknown }).code : undefined;
}

function hasCode(err: unknown, code: string): boolean {
  return codeOf(err) === code || codeOf((err as { cause?: unknown } | null)?.cause) === code;
}

/** A unique index refused the write (someone else took the email, the username, the membership). */
export const isUniqueViolation = (err: unknown): boolean => hasCode(err, UNIQUE_VIOLATION);

/** A foreign key refused the write (a row it points to was deleted meanwhile). */
export const isForeignKeyViolation = (err: unknown): boolean => hasCode(err, FOREIGN_KEY_VIOLATION);
