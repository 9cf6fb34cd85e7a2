/**
 * Lets pending I/O run between slices of a long synchronous hash loop (sha-crypt at high
 * rounds, phpass, BSDi crypt), so one costly legacy verify does not stall every other request.
 * `setImmediate` where the runtime has it (Node); a zero timeout elsewhere (Workers).
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
    .setImmediate
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)))
}

/** Hash-loop iterations between yields: about 5–10 ms of work for the slowest loop body. */
export const ROUNDS_PER_SLICE = 1000
