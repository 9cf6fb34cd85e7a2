import type { D1Migration } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import type { R2CorpusBucket } from '../../src/breach/corpus/read/r2-corpus-bucket.js'
import type { WorkerEnv } from '../../src/entry/worker-deps.js'

/** The slice of D1's binding the tests use directly (the app goes through drizzle). */
export interface TestD1 {
  prepare(sql: string): {
    all<T>(): Promise<{ results: T[] }>
    first<T>(): Promise<T | null>
  }
  exec(sql: string): Promise<unknown>
}

/** The slice of R2's binding the tests use to upload and read corpus files. */
export interface TestR2 extends R2CorpusBucket {
  put(key: string, value: ArrayBuffer | Uint8Array): Promise<unknown>
}

/** A service binding (`fetch` only). */
export interface TestFetcher {
  fetch(input: string, init?: RequestInit): Promise<Response>
}

/** The Worker suite's env: wrangler.toml's bindings plus the test-only ones (see config). */
export interface WorkerTestEnv extends WorkerEnv {
  DB: WorkerEnv['DB'] & TestD1
  CORPUS: TestR2
  LIVE_DB: NonNullable<WorkerEnv['LIVE_DB']> & TestD1
  TEST_MIGRATIONS: D1Migration[]
  TEST_CORPUS_FILES: string[]
  TEST_NODE_ARGON2_FIXTURES: { password: string; phc: string }[]
  TEST_NODE_BCRYPT_FIXTURES: { password: string; hash: string }[]
  TEST_UPSTREAM_ONLY: { password: string; count: number }
  NODE_ARGON2: TestFetcher
  PWGUARD_BOOTSTRAP_KEY: string
  PWGUARD_API_REFERENCE_VERSION: string
  /** Scalar's standalone bundle from node_modules (the file the deploy uploads). */
  TEST_API_REFERENCE: ArrayBuffer
}

export const testEnv = env as unknown as WorkerTestEnv

/** `sha1.idx` → `CORPUS_FILE_SHA1_IDX` (as worker-fixtures-node.ts names the blobs). */
const bindingName = (file: string) => `CORPUS_FILE_${file.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`

/** Uploads the corpus the config built (in Node) to the bucket, as `wrangler r2 object put`. */
export async function seedCorpus(bucket: TestR2 = testEnv.CORPUS, prefix = ''): Promise<void> {
  for (const name of testEnv.TEST_CORPUS_FILES) {
    await bucket.put(`${prefix}${name}`, testEnv[bindingName(name)] as ArrayBuffer)
  }
}

/** The bootstrap admin key's bearer header. */
export const adminAuth = () => ({ authorization: `Bearer ${testEnv.PWGUARD_BOOTSTRAP_KEY}` })
