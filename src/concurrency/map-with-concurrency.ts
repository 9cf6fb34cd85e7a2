/**
 * Maps with at most `limit` calls in flight, keeping the input order. The one bounded pool:
 * exposure matching uses it to cap concurrent legacy verifies, the wrap migration to keep
 * exactly as many argon2 hashes in flight as the hashing threads can run (more only queue).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index] as T, index)
    }
  }
  // At least one worker whatever the limit, or a zero limit would return holes.
  const workers = Math.min(Math.max(1, limit), items.length)
  await Promise.all(Array.from({ length: workers }, worker))
  return results
}
