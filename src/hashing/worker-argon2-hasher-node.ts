import { Worker } from 'node:worker_threads'
import type { Argon2Params, PasswordHasher } from './password-hasher.js'
import type { StoredVerifyResult } from './hash-primitives.js'

interface Job {
  id: number
  op: 'hash' | 'verify' | 'stored'
  password?: string | Uint8Array
  phc?: string
  options?: { memoryCost: number; timeCost: number; parallelism: number }
  hash?: string
  passwords?: string[]
}
type Pending = { resolve(value: unknown): void; reject(error: Error): void }

/**
 * A pool that also verifies whole legacy hashes off the event loop: a costly hash never blocks
 * other requests.
 */
export interface NodeHashPool extends PasswordHasher {
  /** Parses `hash` and tries each password form on a worker thread; never throws on a bad hash. */
  verifyStored(hash: string, passwords: string[]): Promise<StoredVerifyResult>
  close(): Promise<void>
}

/**
 * argon2 and every slow legacy family on Node in a pool of worker threads running at a lower
 * priority (nice), instead of libuv's pool: on a machine whose cores argon2 saturates, the event
 * loop thread still gets the CPU the moment it has work, so /range and the rest stay fast during
 * a login storm (event-loop lag p99 < 20 ms at ≥ 0.9× the argon2 bound). The server and the CLI
 * use it; its PHC strings are those of `createNodeArgon2Hasher` (@node-rs/argon2 on libuv's pool,
 * which tests and benches use), so hashes move freely between the two.
 */
export function createNodeWorkerArgon2Hasher(
  params: Argon2Params,
  { threads, nice = 10 }: { threads: number; nice?: number },
): NodeHashPool {
  const pending = new Map<number, Pending>()
  const queue: Job[] = []
  const idle: Worker[] = []
  let nextId = 0
  const dispatch = (worker: Worker) => {
    const job = queue.shift()
    if (job) worker.postMessage(job)
    else idle.push(worker)
  }
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(new URL('./hash-worker-node.mjs', import.meta.url), {
      workerData: { nice },
    })
    worker.unref()
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const job = pending.get(message.id)
      pending.delete(message.id)
      if (message.error !== undefined) job?.reject(new Error(`hash worker: ${message.error}`))
      else job?.resolve(message.result)
      dispatch(worker)
    })
    idle.push(worker)
    return worker
  })
  const run = <T>(job: Omit<Job, 'id'>) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      queue.push({ ...job, id })
      const worker = idle.pop()
      if (worker) dispatch(worker)
    })
  const options = {
    memoryCost: params.memoryKib,
    timeCost: params.iterations,
    parallelism: params.parallelism,
  }
  return {
    params,
    hash: (password) => run<string>({ op: 'hash', password, options }),
    verify: (phc, password) => run<boolean>({ op: 'verify', phc, password }),
    verifyStored: (hash, passwords) => run<StoredVerifyResult>({ op: 'stored', hash, passwords }),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}
