// One hashing worker thread (see worker-argon2-hasher-node.ts): argon2 hash/verify and whole
// legacy-hash verifies. Plain JavaScript so it starts the same under tsx, vitest and a build;
// the legacy verifier is TypeScript, loaded through tsx (a runtime dependency) on first use.
// It lowers its own scheduling priority: on Linux a nice value is per thread, so the event
// loop thread keeps its priority and preempts hashing whenever a request needs it, while
// hashing still gets every idle cycle of every core.
import { hashSync, verifySync } from '@node-rs/argon2'
import { Buffer } from 'node:buffer'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'

try {
  setPriority(0, workerData.nice)
} catch {
  // Not permitted here (some containers): hashing still runs, only without the lower priority.
}

let loading = null
function loadStoredVerifier() {
  loading ??= import('tsx/esm/api')
    .then(({ tsImport }) => tsImport('./verify-stored-hash-node.ts', import.meta.url))
    .then((module) => module.verifyStoredHashHere)
  return loading
}
// Loaded at start, so the first legacy login does not pay for the TypeScript transform.
loadStoredVerifier().catch(() => {
  loading = null
})

async function verifyStored(hash, passwords) {
  const verifyStoredHashHere = await loadStoredVerifier()
  return verifyStoredHashHere(hash, passwords)
}

parentPort.on('message', async (job) => {
  try {
    if (job.op === 'stored') {
      parentPort.postMessage({ id: job.id, result: await verifyStored(job.hash, job.passwords) })
      return
    }
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
