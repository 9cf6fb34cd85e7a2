import { formatRangeBody } from '../../src/breach/corpus/range-records.js'
import type { TestR2 } from './worker-test-env.js'

const PREFIXES = 2 ** 20
const WIDTH = 22
const HEADER = 16

/** `digest` (20 bytes) packed as a sha1.dat record (corpus-format.ts), count 1. */
function packDigest(digest: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(WIDTH)
  for (let j = 0; j < 17; j++) {
    out[j] = (((digest[2 + j] as number) & 0x0f) << 4) | ((digest[3 + j] as number) >> 4)
  }
  out[17] = ((digest[19] as number) & 0x0f) << 4
  new DataView(out.buffer).setUint32(18, count, true)
  return out
}

function header(magic: string): Uint8Array {
  const bytes = new Uint8Array(HEADER)
  for (let i = 0; i < 8; i++) bytes[i] = magic.charCodeAt(i)
  new DataView(bytes.buffer).setUint32(8, WIDTH, true)
  return bytes
}

const compare = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < 18; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number)
  return 0
}

/**
 * Uploads, under `keyPrefix`, a SHA-1 corpus whose `populated` prefixes hold `rowsPerPrefix`
 * rows each (HIBP density at 10^9 is ~954, at 2 × 10^9 ~1,907) and whose other prefixes are
 * empty; `planted` digests are among the rows. The manifest lists a full-scale `filter.bin`
 * (`filterBytes`) that is never uploaded: the Worker must not try to load it.
 */
export async function seedDenseCorpus(
  bucket: TestR2,
  keyPrefix: string,
  options: {
    populated: number[]
    rowsPerPrefix: number
    planted: Uint8Array[]
    filterBytes: number
  },
) {
  let seed = 0x2545f491
  const random = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return seed >>> 0
  }
  const index = new DataView(new ArrayBuffer(HEADER + (PREFIXES + 1) * 8))
  const bodyIndex = new DataView(new ArrayBuffer(HEADER + (PREFIXES + 1) * 8))
  new Uint8Array(index.buffer).set(header('PWGRIDX1'))
  new Uint8Array(bodyIndex.buffer).set(header('PWGRBIX1'))
  const records: Uint8Array[] = [header('PWGRDAT1')]
  const bodies: Uint8Array[] = [header('PWGRBDY1')]
  const populated = [...options.populated].sort((a, b) => a - b)
  let rowsSoFar = 0
  let bodyBytes = 0
  let next = 0
  for (const prefix of populated) {
    for (; next <= prefix; next++) {
      index.setUint32(HEADER + next * 8, rowsSoFar, true)
      bodyIndex.setUint32(HEADER + next * 8, bodyBytes, true)
    }
    const rows: Uint8Array[] = options.planted
      .filter(
        (d) =>
          (((d[0] as number) << 12) | ((d[1] as number) << 4) | ((d[2] as number) >> 4)) === prefix,
      )
      .map((d) => packDigest(d, 42))
    while (rows.length < options.rowsPerPrefix) {
      const digest = new Uint8Array(20)
      for (let i = 2; i < 20; i++) digest[i] = random() & 0xff
      rows.push(packDigest(digest, 1 + (random() % 50)))
    }
    rows.sort(compare)
    const packed = new Uint8Array(rows.length * WIDTH)
    rows.forEach((row, i) => packed.set(row, i * WIDTH))
    const body = formatRangeBody(packed, 'sha1')
    records.push(packed)
    bodies.push(body)
    rowsSoFar += rows.length
    bodyBytes += body.length
  }
  for (; next <= PREFIXES; next++) {
    index.setUint32(HEADER + next * 8, rowsSoFar, true)
    bodyIndex.setUint32(HEADER + next * 8, bodyBytes, true)
  }
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
    let at = 0
    for (const part of parts) {
      out.set(part, at)
      at += part.length
    }
    return out
  }
  const files: Record<string, Uint8Array> = {
    'sha1.idx': new Uint8Array(index.buffer),
    'sha1.dat': concat(records),
    'sha1.bidx': new Uint8Array(bodyIndex.buffer),
    'sha1.body': concat(bodies),
  }
  const listed = Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [
      name,
      { bytes: bytes.length, sha256: `${keyPrefix}${name}` },
    ]),
  )
  const manifest = {
    format: 'pwguard-corpus',
    formatVersion: 1,
    builtAt: '2026-12-01T00:00:00.000Z',
    buildMs: 0,
    sources: [],
    modes: {
      sha1: { hashCount: rowsSoFar, maxRangeRows: options.rowsPerPrefix, recordBytes: WIDTH },
    },
    filter: {
      file: 'filter.bin',
      scheme: 'sha1-digest-double-hashing-48',
      bits: options.filterBytes * 8,
      hashes: 10,
      items: rowsSoFar,
      targetFpr: 0.001,
      measuredFpr: 0.001,
      fprSample: 0,
    },
    files: { ...listed, 'filter.bin': { bytes: options.filterBytes, sha256: 'not-uploaded' } },
  }
  for (const [name, bytes] of Object.entries(files)) await bucket.put(`${keyPrefix}${name}`, bytes)
  await bucket.put(`${keyPrefix}manifest.json`, new TextEncoder().encode(JSON.stringify(manifest)))
}
