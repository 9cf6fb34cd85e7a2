// One argon2 worker thread (see node-worker-argon2-hasher.ts). Plain JavaScript so it starts
// the same under tsx, vitest and a build. It lowers its own scheduling priority: on Linux a
// nice value is per thread, so the event loop thread keeps its priority and preempts argon2
// whenever a request needs it, while argon2 still gets every idle cycle of every core.
import { hashSync, verifySync } from '@node-rs/argon2'
import { Buffer } from 'node:buffer'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'

try {
  setPriority(0, workerData.nice)
} catch {
  // Not permitted here (some containers): argon2 still runs, only without the lower priority.
}

parentPort.on('message', (job) => {
  try {
    const password = typeof job.password === 'string' ? job.password : Buffer.from(job.password)
    const result =
      job.op === 'hash' ? hashSync(password, job.options) : verifySafely(job.phc, password)
    parentPort.postMessage({ id: job.id, result })
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error?.message ?? error) })
  }
})

function verifySafely(phc, password) {
  try {
    return verifySync(phc, password)
  } catch {
    // A malformed PHC string is a non-match, never a crash at login.
    return false
  }
}
