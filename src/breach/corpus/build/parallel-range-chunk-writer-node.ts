import { MessageChannel, receiveMessageOnPort, type Worker } from 'node:worker_threads'
import type { HashMode } from '../../range-reader.js'
import {
  CHUNKS_DONE,
  CHUNK_ABANDONED,
  CHUNK_CONTROL_WORDS,
  CHUNK_FAILED,
  CHUNK_FINISHED,
  CHUNK_STATE,
  type ChunkMessage,
  type ChunkWorkerData,
} from './range-chunk-protocol.js'
import type { RangeChunkSink, WrittenChunks } from './range-chunk-writer-node.js'
import { startModuleWorker } from './start-module-worker-node.js'

// At most this many chunks (~6 MB of records each) wait for the worker: memory stays bounded.
const MAX_IN_FLIGHT = 8
const STALL_MS = 120_000

/**
 * RangeChunkWriter on a worker thread (Node adapter): `write` transfers the records (no copy)
 * and returns at once, so the main thread goes on packing while the worker hashes and writes
 * `M.dat` and formats `M.body`. Synchronous like the build: the parent blocks in Atomics.wait
 * only when too many chunks are queued, and in `finish`.
 */
export class ParallelRangeChunkWriter implements RangeChunkSink {
  readonly takesBuffers = true
  private readonly worker: Worker
  private readonly control = new Int32Array(new SharedArrayBuffer(CHUNK_CONTROL_WORDS * 4))
  private readonly results = new MessageChannel()
  private posted = 0

  constructor(dir: string, mode: HashMode, bodies: boolean) {
    const workerData: ChunkWorkerData = {
      dir,
      mode,
      bodies,
      control: this.control.buffer as SharedArrayBuffer,
      results: this.results.port2,
    }
    const transferList = [this.results.port2]
    this.worker = startModuleWorker(import.meta.url, 'range-chunk-worker-node', {
      workerData,
      transferList,
    })
    this.worker.unref()
  }

  write(records: Uint8Array, first: number, rows: Float64Array): void {
    // Whole buffers move to the worker (no copy): the caller hands over fresh ones.
    if (records.byteOffset !== 0 || rows.byteOffset !== 0) {
      throw new RangeError('a chunk must start at the start of its buffers')
    }
    const message: ChunkMessage = {
      records: records.buffer as ArrayBuffer,
      length: records.length,
      first,
      rows: rows.buffer as ArrayBuffer,
    }
    this.worker.postMessage(message, [message.records, message.rows])
    this.posted++
    this.waitUntil(() => this.posted - Atomics.load(this.control, CHUNKS_DONE) <= MAX_IN_FLIGHT)
  }

  finish(): WrittenChunks {
    this.worker.postMessage(null)
    this.waitUntil(() => Atomics.load(this.control, CHUNK_STATE) === CHUNK_FINISHED)
    // Posted before CHUNK_FINISHED was set, so it is already in the port's queue.
    const result = receiveMessageOnPort(this.results.port1)?.message as WrittenChunks | undefined
    this.results.port1.close()
    if (!result) throw new Error('the range writer thread finished without a result')
    return result
  }

  /**
   * Waits until the worker has closed its files: the builder may empty the folder and build
   * again in it, where a late write from this worker must not land.
   */
  abandon(): void {
    this.worker.postMessage('abandon')
    try {
      this.waitUntil(() => Atomics.load(this.control, CHUNK_STATE) === CHUNK_ABANDONED)
    } catch {
      // Failed or stalled: terminated in waitUntil, so it writes nothing more either.
    }
    this.results.port1.close()
  }

  private waitUntil(ready: () => boolean): void {
    let last = Atomics.load(this.control, CHUNKS_DONE)
    let quietSince = Date.now()
    while (!ready()) {
      if (Atomics.load(this.control, CHUNK_STATE) === CHUNK_FAILED) {
        const report = receiveMessageOnPort(this.results.port1)?.message as { error?: string }
        void this.worker.terminate()
        throw new Error(`the range writer thread failed: ${report?.error ?? 'unknown error'}`)
      }
      Atomics.wait(this.control, CHUNKS_DONE, last, 1_000)
      const now = Atomics.load(this.control, CHUNKS_DONE)
      if (now !== last) [last, quietSince] = [now, Date.now()]
      else if (Date.now() - quietSince > STALL_MS) {
        void this.worker.terminate()
        throw new Error('the range writer thread stopped responding')
      }
    }
  }
}
