import { byteWord } from '../../src/breach/filter/digest-fuse-filter.js'

/**
 * A cache-line-blocked Bloom filter prototype for the filter-choice bench: the digest's first
 * 32 bits pick one 512-bit block, k 9-bit positions from the next 64 bits set bits inside it,
 * so a lookup costs one cache miss instead of k.
 */
export class BlockedBloom {
  readonly words: Uint32Array
  readonly blocks: number
  private readonly digest = new Uint8Array(12)

  constructor(
    items: number,
    bitsPerEntry: number,
    private readonly k: number,
  ) {
    this.blocks = Math.ceil((items * bitsPerEntry) / 512)
    this.words = new Uint32Array(this.blocks * 16)
  }

  get bytes(): number {
    return this.words.byteLength
  }

  add(digest: Uint8Array, at: number): void {
    const base = Math.floor((byteWord(digest, at) / 4294967296) * this.blocks) * 16
    let bits = byteWord(digest, at + 4)
    let more = byteWord(digest, at + 8)
    for (let i = 0; i < this.k; i++) {
      const position = i < 3 ? bits & 511 : more & 511
      if (i < 3) bits >>>= 9
      else more >>>= 9
      const word = base + (position >>> 5)
      this.words[word] = (this.words[word] as number) | (1 << (position & 31))
    }
  }

  mightContain(hex: string): boolean {
    Buffer.from(this.digest.buffer).write(hex.slice(0, 24), 'hex')
    return this.has(this.digest, 0)
  }

  has(digest: Uint8Array, at: number): boolean {
    const base = Math.floor((byteWord(digest, at) / 4294967296) * this.blocks) * 16
    let bits = byteWord(digest, at + 4)
    let more = byteWord(digest, at + 8)
    for (let i = 0; i < this.k; i++) {
      const position = i < 3 ? bits & 511 : more & 511
      if (i < 3) bits >>>= 9
      else more >>>= 9
      if (((this.words[base + (position >>> 5)] as number) & (1 << (position & 31))) === 0) {
        return false
      }
    }
    return true
  }
}
