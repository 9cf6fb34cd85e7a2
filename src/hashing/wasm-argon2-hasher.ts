import { HashingUnavailableError } from './bounded-password-hasher.js'
import type { Argon2Params, PasswordHasher } from './password-hasher.js'

/** A compiled `WebAssembly.Module` (typed loosely: the Node typecheck has no DOM WASM types). */
export type WasmModule = object

/** The slice of the WebAssembly JS API this adapter uses. */
interface WasmApi {
  instantiate(module: WasmModule): Promise<{ exports: unknown }>
}

/** The C exports of `@phi-ag/argon2`'s `argon2.wasm` (the reference argon2 library). */
interface Argon2Exports {
  memory: { buffer: ArrayBuffer }
  _initialize(): void
  malloc(size: number): number
  free(ptr: number): void
  argon2_encodedlen(
    t: number,
    m: number,
    p: number,
    saltLen: number,
    hashLen: number,
    type: number,
  ): number
  /** (t, m, p, pwd, pwdLen, salt, saltLen, hash, hashLen, encoded, encodedLen, type, version) */
  argon2_hash(...args: number[]): number
  argon2_verify(encoded: number, pwd: number, pwdLen: number, type: number): number
  argon2_error_message(code: number): number
}

const TYPES = { argon2d: 0, argon2i: 1, argon2id: 2 } as const
const VERSION_13 = 0x13
const SALT_BYTES = 16
const HASH_BYTES = 32
/** A Worker has 128 MB in all; refuse to even try a stored hash that asks for more than this. */
export const MAX_WASM_MEMORY_KIB = 65_536

/**
 * argon2 on Cloudflare Workers: the reference C library compiled to WASM (`@phi-ag/argon2`),
 * given as a precompiled `WebAssembly.Module` because workerd refuses to compile WASM from
 * bytes at run time. The package's own wrapper passes the UTF-16 length of the password as its
 * byte length, which truncates non-ASCII passwords; this adapter calls the C exports directly
 * with UTF-8 byte lengths, so its hashes match @node-rs/argon2's both ways.
 */
export function createWasmArgon2Hasher(module: WasmModule, params: Argon2Params): PasswordHasher {
  let instance: Promise<Argon2Exports> | null = null
  const wasm = () => {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    instance ??= api.instantiate(module).then((created) => {
      const exports = created.exports as unknown as Argon2Exports
      exports._initialize()
      return exports
    })
    return instance
  }
  return {
    params,
    hash: async (password) => hashPhc(await wasm(), params, toBytes(password)),
    verify: async (phc, password) => {
      const type = phcType(phc)
      // A malformed PHC string is a non-match, never a crash at login.
      if (type === null) return false
      const memoryKib = Number(/\$m=(\d+),/.exec(phc)?.[1] ?? 0)
      if (memoryKib > MAX_WASM_MEMORY_KIB) {
        throw new HashingUnavailableError(
          `argon2 hash asks for m=${memoryKib} KiB, above the Worker limit`,
          'hash_cost_unsupported',
          null,
        )
      }
      return verifyPhc(await wasm(), phc, toBytes(password), type)
    },
  }
}

function toBytes(password: string | Uint8Array): Uint8Array {
  return typeof password === 'string' ? new TextEncoder().encode(password) : password
}

function phcType(phc: string): number | null {
  const name = /^\$(argon2id|argon2i|argon2d)\$/.exec(phc)?.[1] as keyof typeof TYPES | undefined
  return name === undefined ? null : TYPES[name]
}

/** Copies bytes into WASM memory; the caller frees. Reads `memory.buffer` after malloc grew it. */
function copyIn(wasm: Argon2Exports, bytes: Uint8Array): number {
  const ptr = wasm.malloc(Math.max(1, bytes.length))
  if (ptr === 0) throw new Error('argon2 wasm: out of memory')
  new Uint8Array(wasm.memory.buffer).set(bytes, ptr)
  return ptr
}

function hashPhc(wasm: Argon2Exports, params: Argon2Params, password: Uint8Array): string {
  const { iterations: t, memoryKib: m, parallelism: p } = params
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const encodedLen = wasm.argon2_encodedlen(t, m, p, SALT_BYTES, HASH_BYTES, TYPES.argon2id)
  const pwdPtr = copyIn(wasm, password)
  const saltPtr = copyIn(wasm, salt)
  const hashPtr = wasm.malloc(HASH_BYTES)
  const encodedPtr = wasm.malloc(encodedLen)
  try {
    if (hashPtr === 0 || encodedPtr === 0) throw new Error('argon2 wasm: out of memory')
    const code = wasm.argon2_hash(
      t,
      m,
      p,
      pwdPtr,
      password.length,
      saltPtr,
      SALT_BYTES,
      hashPtr,
      HASH_BYTES,
      encodedPtr,
      encodedLen,
      TYPES.argon2id,
      VERSION_13,
    )
    if (code !== 0) throw new Error(`argon2 wasm: hash failed (${errorMessage(wasm, code)})`)
    const encoded = new Uint8Array(wasm.memory.buffer, encodedPtr, encodedLen)
    return new TextDecoder().decode(encoded.subarray(0, encoded.indexOf(0)))
  } finally {
    // The password bytes are wiped before their memory goes back to the allocator.
    new Uint8Array(wasm.memory.buffer, pwdPtr, password.length).fill(0)
    for (const ptr of [pwdPtr, saltPtr, hashPtr, encodedPtr]) wasm.free(ptr)
  }
}

function verifyPhc(wasm: Argon2Exports, phc: string, password: Uint8Array, type: number): boolean {
  const encodedPtr = copyIn(wasm, new TextEncoder().encode(`${phc}\0`))
  const pwdPtr = copyIn(wasm, password)
  try {
    // argon2_verify compares in constant time inside the C library.
    return wasm.argon2_verify(encodedPtr, pwdPtr, password.length, type) === 0
  } finally {
    new Uint8Array(wasm.memory.buffer, pwdPtr, password.length).fill(0)
    wasm.free(encodedPtr)
    wasm.free(pwdPtr)
  }
}

function errorMessage(wasm: Argon2Exports, code: number): string {
  const ptr = wasm.argon2_error_message(code)
  const heap = new Uint8Array(wasm.memory.buffer)
  return new TextDecoder().decode(heap.subarray(ptr, heap.indexOf(0, ptr)))
}
