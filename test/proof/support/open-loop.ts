/**
 * The request loop both proof load generators run (load-generator.ts on one server,
 * fleet-load-generator.ts over several): open loop at a fixed rate, so a slow server shows up
 * as latency and errors, not as a politely slower client.
 */

/**
 * Calls `issue(i)` for i = 0 … rate × seconds − 1, each at its due time (start + i / rate),
 * never waiting for earlier requests to answer. `issue` returns the request's promise, or null
 * when it declined to send (e.g. every connection busy); those are counted as `skipped`.
 * Resolves once every request sent has settled.
 */
export async function openLoop(
  schedule: { rate: number; seconds: number },
  issue: (i: number) => Promise<unknown> | null,
): Promise<{ seconds: number; skipped: number }> {
  const started = performance.now()
  const total = Math.round(schedule.rate * schedule.seconds)
  const pending: Promise<unknown>[] = []
  let skipped = 0
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / schedule.rate - performance.now()
    // Sleeping only when ahead of schedule: behind it, due requests go out back to back.
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const sent = issue(i)
    if (sent) pending.push(sent)
    else skipped += 1
  }
  await Promise.all(pending)
  return { seconds: (performance.now() - started) / 1000, skipped }
}

/** A key of `weights` drawn in proportion to its weight (`fallback` for an all-zero mix). */
export function pickWeighted<K extends string>(weights: Record<K, number>, fallback: K): K {
  const entries = Object.entries(weights) as [K, number][]
  let roll = Math.random() * entries.reduce((sum, [, weight]) => sum + weight, 0)
  return entries.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? fallback
}

/** `n` random uppercase hex digits: fresh /range prefixes and unguessable test strings. */
export const randomHex = (n: number) =>
  Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]).join('')
