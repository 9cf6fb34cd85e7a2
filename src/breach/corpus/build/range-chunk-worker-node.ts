/**
 * Worker-thread entry of ParallelRangeChunkWriter (Node adapter): writes `M.dat` and formats
 * `M.body` from the chunks the build's main thread packs, so formatting, hashing and writing
 * run on the second core while the main thread parses and packs.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { lowerThreadPriority } from './lower-thread-priority-node.js'
import {
  CHUNKS_DONE,
  CHUNK_ABANDONED,
  CHUNK_FAILED,
  CHUNK_FINISHED,
  CHUNK_STATE,
  type ChunkMessage,
  type ChunkWorkerData,
} from './range-chunk-protocol.js'
import { RangeChunkWriter } from './range-chunk-writer-node.js'

const data = workerData as ChunkWorkerData
lowerThreadPriority()
const control = new Int32Array(data.control)
const port = parentPort
let writer: RangeChunkWriter | undefined

/** Signals the parent, which blocks in Atomics.wait on CHUNKS_DONE. */
function signal(state?: number): void {
  if (state !== undefined) Atomics.store(control, CHUNK_STATE, state)
  Atomics.add(control, CHUNKS_DONE, 1)
  Atomics.notify(control, CHUNKS_DONE)
}

port?.on('message', (message: ChunkMessage) => {
  try {
    writer ??= new RangeChunkWriter(data.dir, data.mode, data.bodies)
    if (message === 'abandon') {
      writer.abandon()
      signal(CHUNK_ABANDONED)
      port.close()
      return
    }
    if (message === null) {
      data.results.postMessage(writer.finish())
      data.results.close()
      signal(CHUNK_FINISHED)
      port.close()
      return
    }
    const records = new Uint8Array(message.records, 0, message.length)
    writer.write(records, message.first, new Float64Array(message.rows))
    signal()
  } catch (error) {
    // Reported through the results port: the parent is blocked in Atomics.wait.
    data.results.postMessage({ error: error instanceof Error ? error.message : String(error) })
    signal(CHUNK_FAILED)
    port.close()
  }
})
