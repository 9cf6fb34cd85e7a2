import { CRYPT64 } from './codecs.js'
import { ROUNDS_PER_SLICE, yieldToEventLoop } from './yield-to-event-loop.js'
import {
  desFinalPermutation,
  desInitialPermutation,
  desIterate,
  desKeySchedule,
} from './des-core.js'

const DES_SLICE = ROUNDS_PER_SLICE * 10

/** Value of a crypt64 string read little-endian, 6 bits per char (salt and BSDi count). */
export function decodeCrypt64Int(text: string): number {
  let value = 0
  for (let i = 0; i < text.length; i++) value |= CRYPT64.indexOf(text[i] ?? '.') << (6 * i)
  return value
}

/** The 64-bit DES output as 11 crypt64 chars, most significant bits first, 2 zero pad bits. */
export function encodeDesBlock(hi: number, lo: number): string {
  let value = (BigInt(hi) << 34n) | (BigInt(lo) << 2n)
  let out = ''
  for (let i = 0; i < 11; i++) {
    out = CRYPT64[Number(value & 63n)] + out
    value >>= 6n
  }
  return out
}

/** Key bytes from up to 8 password bytes: each shifted left one bit, C-string semantics. */
export function desKeyBytes(password: Uint8Array, offset = 0): Uint8Array {
  const key = new Uint8Array(8)
  for (let i = 0; i < 8; i++) key[i] = ((password[offset + i] ?? 0) << 1) & 0xff
  return key
}

/** Runs `count` salted DES iterations from a zero block, in slices, and encodes the result. */
export async function desCryptBlock(key: Uint8Array, mask: number, count: number): Promise<string> {
  const schedule = desKeySchedule(key)
  let [l, r] = [0, 0]
  for (let done = 0; done < count; done += DES_SLICE) {
    if (done > 0) await yieldToEventLoop()
    ;[l, r] = desIterate(schedule, mask, l, r, Math.min(DES_SLICE, count - done))
  }
  const [hi, lo] = desFinalPermutation(l, r)
  return encodeDesBlock(hi, lo)
}

/** One plain DES encryption of an 8-byte block (BSDi crypt folds long keys with it). */
export function desEncrypt(key: Uint8Array, block: Uint8Array): Uint8Array {
  const view = new DataView(block.buffer, block.byteOffset, 8)
  const [l, r] = desInitialPermutation(view.getUint32(0), view.getUint32(4))
  const [a, b] = desIterate(desKeySchedule(key), 0, l, r, 1)
  const [hi, lo] = desFinalPermutation(a, b)
  const out = new Uint8Array(8)
  const outView = new DataView(out.buffer)
  outView.setUint32(0, hi)
  outView.setUint32(4, lo)
  return out
}
