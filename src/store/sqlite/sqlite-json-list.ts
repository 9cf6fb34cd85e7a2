import { sql, type SQL } from 'drizzle-orm'

/**
 * A whole list as ONE bound parameter, expanded by SQLite's json_each: a batch of thousands of
 * keys stays one short statement (D1 allows 100 parameters; building thousands is slow too).
 */
export const jsonList = (values: unknown[]): SQL =>
  sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`
