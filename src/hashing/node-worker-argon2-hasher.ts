import { Worker } from 'node:worker_threads'
import type { Argon2Params, PasswordHasher } from './password-hasher.js'

interface Job {
  id: number
  op: 'hash' | 'verify'
  password: string | Uint8Array
  phc?: string
  options?: { memoryCost: number; timeCost: number; parallelism: number }
}
type Pending = { resolve(value: unknown): void; reject(error: Error): void }

/**
 * argon2 on Node in a pool of worker threads running at a lower priority (nice), instead of
 * libuv's pool: on a machine whose cores argon2 saturates, the event loop thread still gets the
 * CPU the moment it has work, so /range and the rest stay fast during a login storm (issue 3:
 * event-loop lag p99 < 20 ms at ≥ 0.9× the argon2 bound). Same PHC strings as the libuv adapter.
 */
export function createNodeWorkerArgon2Hasher(
  params: Argon2Params,
  { threads, nice = 10 }: { threads: number; nice?: number },
): PasswordHasher & { close(): Promise<void> } {
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
    const worker = new Worker(new URL('./argon2-worker-node.mjs', import.meta.url), {
      workerData: { nice },
    })
    worker.unref()
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const job = pending.get(message.id)
      pending.delete(message.id)
      if (message.error !== undefined) job?.reject(new Error(`argon2 worker: ${message.error}`))
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
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}
