import { sql, type SQL } from 'drizzle-orm'

/**
 * A whole list as ONE bound parameter, expanded by SQLite's json_each: a batch of thousands of
 * keys stays one short statement (D1 allows 100 parameters; building thousands is slow too).
 */
export const jsonList = (values: unknown[]): SQL =>
  sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`

/**
 * Items per json_each parameter. An ingest batch may be larger (fewer commits, see
 * ingest-exposures.ts); slicing keeps each bound JSON text well under D1's 2 MB value limit.
 */
export const JSON_ITEMS_PER_STATEMENT = 5_000

/** `values` in consecutive slices of at most JSON_ITEMS_PER_STATEMENT. */
export function jsonSlices<T>(values: readonly T[]): T[][] {
  const slices: T[][] = []
  for (let at = 0; at < values.length; at += JSON_ITEMS_PER_STATEMENT) {
    slices.push(values.slice(at, at + JSON_ITEMS_PER_STATEMENT))
  }
  return slices
}
