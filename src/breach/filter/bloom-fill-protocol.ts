import type { MessagePort } from 'node:worker_threads'
import type { BloomParameters } from './bloom-parameters.js'
import type { FilterKind } from './corpus-filter.js'

/**
 * The shared control words between `BloomFillWorker` and its worker thread (an Int32Array
 * over a SharedArrayBuffer): FILL_DONE counts the worker's signals (one per batch, one at
 * the end) and is what the parent waits on; FILL_STATE says running, finished or failed.
 */
export const FILL_DONE = 0
export const FILL_STATE = 1
/** Bumped while the worker counts lines: alive, though no batch is done yet. */
export const FILL_BEAT = 2
export const FILL_RUNNING = 0
export const FILL_FINISHED = 1
export const FILL_FAILED = 2
export const CONTROL_WORDS = 3

/** What the worker thread is started with. */
export interface FillWorkerData {
  /** CONTROL_WORDS Int32 words. */
  control: SharedArrayBuffer
  /** Where the worker posts its FillResult before signalling FILL_FINISHED. */
  results: MessagePort
}

/**
 * The first message: the filter to fill, given outright or as the lines of `countFiles` (the
 * worker counts them, so the parent can parse meanwhile) at a target FPR. Then come batches
 * `{ keys, length }` (12-byte keys in a transferred ArrayBuffer) and finally `null`.
 */
export type FillStart = (
  { parameters: BloomParameters } | { countFiles: string[]; fpr: number }
) & {
  /** 'auto' (default): filterKindFor the item count. A fuse fill needs sorted digests. */
  kind?: FilterKind | 'auto'
}

/**
 * The filled filter: a Bloom's parameters and bit array (a SharedArrayBuffer), or a fuse
 * filter's shard table and fingerprints (transferred buffers; `fingerprintBytes` are used).
 */
export type FillResult =
  | { parameters: BloomParameters; array: SharedArrayBuffer }
  | {
      fuse: {
        shardBits: number
        items: number
        table: ArrayBuffer
        fingerprints: ArrayBuffer
        fingerprintBytes: number
      }
    }
