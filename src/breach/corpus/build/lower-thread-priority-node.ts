import { setPriority } from 'node:os'

// Nice 3: weight ~0.5 of the main thread's under Linux's fair scheduler.
const WORKER_NICE = 3

/**
 * Lowers the calling worker thread's priority a little (Linux only: there setpriority on "self"
 * names the thread, elsewhere it would name the whole process). The build's main thread is its
 * pipeline's longest stage: on a machine shared with other jobs, the process gets a fixed share
 * of the cores (autogroup), and three equally weighted threads would leave the main thread a
 * third of it while it needs ~40 %; the workers catch up whenever it waits. On idle cores nothing
 * changes (each thread finds a core).
 */
export function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return
  try {
    setPriority(WORKER_NICE)
  } catch {
    // Not permitted in this sandbox: the build is correct either way, only less fair.
  }
}
