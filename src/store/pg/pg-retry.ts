/** 40001 serialization_failure, 40P01 deadlock_detected: the transaction may simply run again. */
function isRetryable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (code === '40001' || code === '40P01') return true
  }
  return false
}

/**
 * Runs a whole transaction again when PostgreSQL aborted it as a deadlock victim or a
 * serialisation failure (two writers locking overlapping rows in different orders).
 */
export async function pgRetryDeadlocks<T>(run: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt))
    }
  }
}
