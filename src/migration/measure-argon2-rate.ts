import type { PasswordHasher } from '../hashing/password-hasher.js'
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.js'

/**
 * argon2id hashes per second on this machine with the hasher's parameters and `concurrency`
 * in flight: the dry run's time estimate and the benchmark's bound. Hashes 40-hex inputs (the
 * size of a legacy digest) until both `minHashes` and `minMs` are reached.
 */
export async function measureArgon2Rate(
  hasher: PasswordHasher,
  options: { concurrency: number; minHashes?: number; minMs?: number },
): Promise<{ hashes: number; hashesPerSecond: number }> {
  const minHashes = options.minHashes ?? 2 * options.concurrency
  const minMs = options.minMs ?? 1_000
  const started = performance.now()
  let hashes = 0
  const more = () => hashes < minHashes || performance.now() - started < minMs
  const lanes = Array.from({ length: options.concurrency }, (_, lane) => lane)
  await mapWithConcurrency(lanes, options.concurrency, async (lane) => {
    while (more()) {
      await hasher.hash(
        `${lane.toString(16).padStart(8, '0')}${hashes.toString(16).padStart(32, '0')}`,
      )
      hashes += 1
    }
  })
  const seconds = (performance.now() - started) / 1000
  return { hashes, hashesPerSecond: hashes / Math.max(seconds, 1e-3) }
}
