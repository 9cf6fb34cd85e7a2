/**
 * Rebuilds a SHA-1 digest from its prefix number and its packed record (corpus-format.ts):
 * the first 2.5 bytes are the prefix, then each digest byte straddles two packed bytes.
 */
export function unpackSha1Digest(
  prefix: number,
  packed: Uint8Array,
  at: number,
  into: Uint8Array,
): void {
  into[0] = prefix >> 12
  into[1] = (prefix >> 4) & 0xff
  into[2] = ((prefix & 0x0f) << 4) | ((packed[at] as number) >> 4)
  for (let k = 3; k < 20; k++) {
    into[k] = (((packed[at + k - 3] as number) & 0x0f) << 4) | ((packed[at + k - 2] as number) >> 4)
  }
}
