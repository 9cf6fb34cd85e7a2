/** Splits `items` into consecutive slices of at most `size` (bulk statements stay under the bound-parameter limit). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size))
  return chunks
}
