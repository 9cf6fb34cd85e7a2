import type { BloomParameters } from './bloom-parameters.js'

/**
 * The shared control words between `BloomFillWorker` and its worker thread (an Int32Array
 * over a SharedArrayBuffer): FILL_DONE counts the worker's signals (one per batch, one at
 * the end) and is what the parent waits on; FILL_STATE says running, finished or failed.
 */
export const FILL_DONE = 0
export const FILL_STATE = 1
export const FILL_RUNNING = 0
export const FILL_FINISHED = 1
export const FILL_FAILED = 2
export const CONTROL_WORDS = 2

/** What the worker thread is started with. */
export interface FillWorkerData {
  /** CONTROL_WORDS Int32 words. */
  control: SharedArrayBuffer
}

/**
 * The first message: the filter to fill. Then come batches `{ keys, length }` (12-byte keys
 * in a transferred ArrayBuffer) and finally `null`.
 */
export interface FillStart {
  parameters: BloomParameters
  /** The filter's bit array (SharedArrayBuffer of bloomBytes(bits) bytes). */
  array: SharedArrayBuffer
}
