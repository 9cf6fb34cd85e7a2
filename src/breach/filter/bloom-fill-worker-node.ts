/**
 * Worker-thread entry of `BloomFillWorker` (Node adapter): sets the bits of batches of
 * 12-byte digest keys in a filter whose bit array is a SharedArrayBuffer owned by the parent,
 * so the build's main thread keeps parsing and writing while this core fills the filter.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { lowerThreadPriority } from '../corpus/build/lower-thread-priority-node.js'
import { countLinesSync } from '../corpus/build/line-reader-node.js'
import { bloomBytes, bloomParameters } from './bloom-parameters.js'
import { filterKindFor } from './corpus-filter.js'
import { DigestBloomFilter, type DigestSink } from './digest-bloom-filter.js'
import { FuseFilterBuilder } from './fuse-filter-builder.js'
import {
  FILL_BEAT,
  FILL_DONE,
  FILL_FAILED,
  FILL_FINISHED,
  FILL_STATE,
  type FillResult,
  type FillStart,
  type FillWorkerData,
} from './bloom-fill-protocol.js'

const data = workerData as FillWorkerData
lowerThreadPriority()
const control = new Int32Array(data.control)
const port = parentPort
let filter: DigestBloomFilter | FuseFilterBuilder | undefined

/** The filter to fill; counting here keeps the line count off the parent's critical path. */
function createFilter(start: FillStart): DigestBloomFilter | FuseFilterBuilder {
  const parameters =
    'parameters' in start
      ? start.parameters
      : bloomParameters(
          start.countFiles.reduce(
            (lines, file) => lines + countLinesSync(file, undefined, beat),
            0,
          ),
          start.fpr,
        )
  if (filterKindFor(parameters.items, start.kind) === 'fuse') {
    return new FuseFilterBuilder(parameters.items)
  }
  return new DigestBloomFilter(
    parameters,
    new Uint8Array(new SharedArrayBuffer(bloomBytes(parameters.bits))),
  )
}

const beat = () => void Atomics.add(control, FILL_BEAT, 1)

/** Signals the parent, which blocks in Atomics.wait on FILL_DONE. */
function signal(state?: number): void {
  if (state !== undefined) Atomics.store(control, FILL_STATE, state)
  Atomics.add(control, FILL_DONE, 1)
  Atomics.notify(control, FILL_DONE)
}

type Message = FillStart | { keys: ArrayBuffer; length: number } | null

port?.on('message', (message: Message) => {
  try {
    if (message && !('keys' in message)) {
      filter = createFilter(message)
      return
    }
    if (message === null) {
      if (!filter) throw new Error('filter worker: finished before it started')
      postResult(filter)
      data.results.close()
      signal(FILL_FINISHED)
      port.close()
      return
    }
    if (!filter) throw new Error('filter worker: a batch arrived before the filter')
    const keys = new Uint8Array(message.keys, 0, message.length)
    const sink: DigestSink = filter
    for (let at = 0; at < keys.length; at += 12) sink.addDigest(keys, at)
    signal()
  } catch (error) {
    // Reported through the results port: the parent is blocked and cannot take an 'error'
    // event, and an unheard one would crash it later.
    data.results.postMessage({ error: error instanceof Error ? error.message : String(error) })
    signal(FILL_FAILED)
    port.close()
  }
})

function postResult(filled: DigestBloomFilter | FuseFilterBuilder): void {
  if (filled instanceof DigestBloomFilter) {
    const { bits, hashes, items } = filled
    const result: FillResult = {
      parameters: { bits, hashes, items },
      array: filled.array.buffer as SharedArrayBuffer,
    }
    data.results.postMessage(result)
    return
  }
  const built = filled.finish()
  const table = built.table.buffer as ArrayBuffer
  const fingerprints = built.fingerprints.buffer as ArrayBuffer
  const result: FillResult = {
    fuse: {
      shardBits: built.shardBits,
      items: built.items,
      table,
      fingerprints,
      fingerprintBytes: built.fingerprints.length,
    },
  }
  data.results.postMessage(result, [table, fingerprints])
}
