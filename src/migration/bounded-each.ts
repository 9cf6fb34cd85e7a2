/**
 * Runs `task` over `items` with at most `limit` in flight. The wrap job's argon2 runs on the
 * hasher's worker threads (one per concurrent hash), so `limit` is how many cores the migration
 * keeps busy; more would only queue in the pool.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T
      next += 1
      await task(item)
    }
  }
  const workers = Math.max(1, Math.min(limit, items.length))
  await Promise.all(Array.from({ length: workers }, worker))
}
