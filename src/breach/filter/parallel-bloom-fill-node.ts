import { MessageChannel, receiveMessageOnPort, type Worker } from 'node:worker_threads'
import { startModuleWorker } from '../corpus/build/start-module-worker-node.js'
import {
  CONTROL_WORDS,
  FILL_BEAT,
  FILL_DONE,
  FILL_FAILED,
  FILL_FINISHED,
  FILL_STATE,
  type FillResult,
  type FillStart,
  type FillWorkerData,
} from './bloom-fill-protocol.js'
import type { CorpusFilter } from './corpus-filter.js'
import { DigestBloomFilter } from './digest-bloom-filter.js'
import { DigestFuseFilter } from './digest-fuse-filter.js'

const KEY_BYTES = 12
const BATCH_KEYS = 64 * 1024
// At most this many batches (~25 MB of keys) wait for the worker: memory stays bounded.
const MAX_IN_FLIGHT = 32
const STALL_MS = 120_000

/**
 * Fills a `DigestBloomFilter` on a worker thread (Node adapter). The worker is started by the
 * constructor, so its start-up overlaps whatever the caller does before `begin` (counting the
 * lines that size the filter). `addDigest` copies the
 * digest's first 12 bytes (all the bit positions use) into a batch that is transferred to
 * the worker when full; `finish` waits for the worker and returns the filter, whose bit
 * array is a SharedArrayBuffer. Synchronous on both ends: the parent blocks in Atomics.wait
 * only when too many batches are queued, and at the end.
 */
export class ParallelBloomFill {
  private readonly worker: Worker
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4))
  private readonly results = new MessageChannel()
  private batch = new Uint8Array(BATCH_KEYS * KEY_BYTES)
  private fill = 0
  private posted = 0

  constructor() {
    const data: FillWorkerData = { control: this.control.buffer, results: this.results.port2 }
    this.worker = startModuleWorker(import.meta.url, 'bloom-fill-worker-node', {
      workerData: data,
      transferList: [this.results.port2],
    })
    this.worker.unref()
  }

  /**
   * Says which filter to fill: `{ parameters }`, or `{ countFiles, fpr }` to size it for the
   * lines of those files (counted on the worker). Call once, before `addDigest`; batches sent
   * meanwhile wait in the worker's queue.
   */
  begin(start: FillStart): this {
    this.worker.postMessage(start)
    return this
  }

  addDigest(digest: Uint8Array, offset = 0): void {
    const batch = this.batch
    let at = this.fill
    for (let i = 0; i < KEY_BYTES; i++) batch[at++] = digest[offset + i] as number
    this.fill = at
    if (at === batch.length) this.post()
  }

  /** Waits until every added digest is in the filter; the worker then exits. */
  finish(): CorpusFilter {
    this.post()
    this.worker.postMessage(null)
    this.waitUntil(() => Atomics.load(this.control, FILL_STATE) === FILL_FINISHED)
    // Posted before FILL_FINISHED was set, so it is already in the port's queue.
    const result = receiveMessageOnPort(this.results.port1)?.message as FillResult | undefined
    this.results.port1.close()
    if (!result) throw new Error('the filter worker finished without a result')
    if ('parameters' in result) {
      return new DigestBloomFilter(result.parameters, new Uint8Array(result.array))
    }
    const { shardBits, items, table, fingerprints, fingerprintBytes } = result.fuse
    return new DigestFuseFilter(
      shardBits,
      items,
      new Uint32Array(table),
      new Uint8Array(fingerprints, 0, fingerprintBytes),
    )
  }

  /** Stops the worker without a result (a failed or restarted build). */
  abort(): void {
    void this.worker.terminate()
  }

  private post(): void {
    if (this.fill === 0) return
    const keys = this.batch.buffer as ArrayBuffer
    this.worker.postMessage({ keys, length: this.fill }, [keys])
    this.posted++
    this.batch = new Uint8Array(BATCH_KEYS * KEY_BYTES)
    this.fill = 0
    // Each batch adds one signal; the worker's count lags by the batches still queued.
    this.waitUntil(() => this.posted - Atomics.load(this.control, FILL_DONE) <= MAX_IN_FLIGHT)
  }

  private waitUntil(ready: () => boolean): void {
    const progress = () =>
      Atomics.load(this.control, FILL_DONE) + Atomics.load(this.control, FILL_BEAT)
    let last = progress()
    let quietSince = Date.now()
    while (!ready()) {
      if (Atomics.load(this.control, FILL_STATE) === FILL_FAILED) {
        const report = receiveMessageOnPort(this.results.port1)?.message as { error?: string }
        this.abort()
        throw new Error(`the filter worker thread failed: ${report?.error ?? 'unknown error'}`)
      }
      Atomics.wait(this.control, FILL_DONE, Atomics.load(this.control, FILL_DONE), 1_000)
      const now = progress()
      if (now !== last) [last, quietSince] = [now, Date.now()]
      else if (Date.now() - quietSince > STALL_MS) {
        this.abort()
        throw new Error('the filter worker thread stopped responding')
      }
    }
  }
}
