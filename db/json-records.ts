import { sql, type SQL } from "drizzle-orm";

/**
 * Many rows as ONE jsonb parameter, read back as a table: `select … from ${recordsOf(rows, "a int, b text")}`.
 * A multi-row VALUES of a thousand rows is a thousand-times-wider statement that PostgreSQL parses
 * and plans each time (drizzle also spells out every column of the table); measured on the
 * import, the same insert ran 3 to 7 times faster this way. `columns` is a column definition
 * list written in this code, never user input.
 */
export function recordsOf(rows: readonly object[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(columns)})`;
}

/** The rows of a raw statement: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}
