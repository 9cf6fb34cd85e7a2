import { availableParallelism } from 'node:os'

/**
 * Node adapter: how many argon2 hashes can really run at once. @node-rs/argon2 runs on libuv's
 * thread pool, which has UV_THREADPOOL_SIZE threads (default 4) and is sized once, at its first
 * use; more concurrency than that only queues.
 */
export function nodeHashingLimits(): { cores: number; threadPool: number } {
  const configured = Number(process.env.UV_THREADPOOL_SIZE)
  return {
    cores: availableParallelism(),
    threadPool: Number.isInteger(configured) && configured > 0 ? configured : 4,
  }
}
