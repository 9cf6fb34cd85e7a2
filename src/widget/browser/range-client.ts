/** Ranges kept in memory per page: typing revisits the same few prefixes. */
const MAX_CACHED_RANGES = 64

/** Counts a full SHA-1 has in the corpus, from a cached or fetched k-anonymity range. */
export type RangeCount = (sha1: string) => Promise<number>

/**
 * Asks `GET {base}/range/{prefix}` for the 5-hex prefix only (k-anonymity): the suffix is
 * compared here, so neither the password nor its full hash is ever sent.
 */
export function createRangeClient(base: string): RangeCount {
  const ranges = new Map<string, Promise<Map<string, number>>>()
  return async (sha1) => {
    const prefix = sha1.slice(0, 5)
    let range = ranges.get(prefix)
    if (!range) {
      range = fetchRange(`${base}/range/${prefix}`)
      ranges.set(prefix, range)
      // A failure is not cached: the next keystroke asks again.
      range.catch(() => ranges.delete(prefix))
      if (ranges.size > MAX_CACHED_RANGES) ranges.delete(ranges.keys().next().value as string)
    }
    return (await range).get(sha1.slice(5)) ?? 0
  }
}

async function fetchRange(url: string): Promise<Map<string, number>> {
  // Padding hides the true row count of the range from anyone watching response sizes;
  // no cookies and no referrer: the range server needs to know nothing about the page.
  const response = await fetch(url, {
    headers: { 'Add-Padding': 'true' },
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  })
  if (!response.ok) throw new Error(`range ${response.status}`)
  const rows = new Map<string, number>()
  for (const line of (await response.text()).split('\n')) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const count = Number.parseInt(line.slice(colon + 1), 10)
    // Padding rows carry count 0 and mean nothing.
    if (count > 0) rows.set(line.slice(0, colon).trim().toUpperCase(), count)
  }
  return rows
}
