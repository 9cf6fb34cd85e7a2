import type { MessagePort } from 'node:worker_threads'
import type { HashMode } from '../../range-reader.js'

/**
 * Between ParallelRangeChunkWriter and its worker thread: an Int32Array over a
 * SharedArrayBuffer whose CHUNKS_DONE word counts the worker's signals (one per chunk, one at
 * the end; the parent waits on it) and whose CHUNK_STATE word says running, finished, failed or abandoned.
 */
export const CHUNKS_DONE = 0
export const CHUNK_STATE = 1
export const CHUNK_RUNNING = 0
export const CHUNK_FINISHED = 1
export const CHUNK_FAILED = 2
export const CHUNK_ABANDONED = 3
export const CHUNK_CONTROL_WORDS = 2

/** What the worker starts with; it posts its WrittenChunks (or `{ error }`) on `results`. */
export interface ChunkWorkerData {
  dir: string
  mode: HashMode
  bodies: boolean
  control: SharedArrayBuffer
  results: MessagePort
}

/** One run of whole prefixes (transferred buffers); `null` finishes, 'abandon' gives up. */
export type ChunkMessage =
  { records: ArrayBuffer; length: number; first: number; rows: ArrayBuffer } | null | 'abandon'
