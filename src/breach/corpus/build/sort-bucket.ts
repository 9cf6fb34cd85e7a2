const TWO_24 = 2 ** 24
const MAX_COUNT = 0xffffffff

/**
 * Sorts one bucket of (digest, uint32 count) records by digest and merges duplicates by
 * summing their counts (saturating at 2^32 − 1). Returns the merged records (a prefix of a
 * reused or new buffer). Sorted input, the HIBP downloader's normal case, is detected and
 * not sorted again.
 */
export function sortAndMergeBucket(records: Uint8Array, digestBytes: number): Uint8Array {
  const width = digestBytes + 4
  const rows = Math.floor(records.length / width)
  if (rows === 0) return records.subarray(0, 0)
  let sorted = records
  if (!isSorted(records, rows, width, digestBytes)) {
    const order =
      rows < TWO_24
        ? sortOrderByKeys(records, rows, width, digestBytes)
        : sortOrderSlow(records, rows, width, digestBytes)
    sorted = new Uint8Array(rows * width)
    for (let i = 0; i < rows; i++) {
      const from = (order[i] ?? 0) * width
      sorted.set(records.subarray(from, from + width), i * width)
    }
  }
  return mergeDuplicates(sorted, rows, width, digestBytes)
}

function compareDigests(bytes: Uint8Array, a: number, b: number, digestBytes: number): number {
  for (let i = 0; i < digestBytes; i++) {
    const diff = (bytes[a + i] ?? 0) - (bytes[b + i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}

function isSorted(bytes: Uint8Array, rows: number, width: number, digestBytes: number): boolean {
  for (let i = 1; i < rows; i++) {
    if (compareDigests(bytes, (i - 1) * width, i * width, digestBytes) > 0) return false
  }
  return true
}

/**
 * Sorts a Float64Array of keys (29 digest bits after the bucket byte, times 2^24, plus the
 * row number: exact below 2^53) natively, then sorts the rare runs of equal 29-bit keys
 * by full digest.
 */
function sortOrderByKeys(
  bytes: Uint8Array,
  rows: number,
  width: number,
  digestBytes: number,
): Uint32Array {
  const keys = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const at = i * width
    const high =
      (bytes[at + 1] ?? 0) * 2 ** 21 +
      ((bytes[at + 2] ?? 0) << 13) +
      ((bytes[at + 3] ?? 0) << 5) +
      ((bytes[at + 4] ?? 0) >> 3)
    keys[i] = high * TWO_24 + i
  }
  keys.sort()
  const order = new Uint32Array(rows)
  for (let i = 0; i < rows; i++) order[i] = (keys[i] ?? 0) % TWO_24
  for (let start = 0; start < rows;) {
    const high = Math.floor((keys[start] ?? 0) / TWO_24)
    let end = start + 1
    while (end < rows && Math.floor((keys[end] ?? 0) / TWO_24) === high) end++
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end))
      run.sort((a, b) => compareDigests(bytes, a * width, b * width, digestBytes))
      order.set(run, start)
    }
    start = end
  }
  return order
}

function sortOrderSlow(
  bytes: Uint8Array,
  rows: number,
  width: number,
  digestBytes: number,
): Uint32Array {
  const order = Array.from({ length: rows }, (_, i) => i)
  order.sort((a, b) => compareDigests(bytes, a * width, b * width, digestBytes))
  return Uint32Array.from(order)
}

function mergeDuplicates(
  bytes: Uint8Array,
  rows: number,
  width: number,
  digestBytes: number,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let out = 0
  for (let i = 1; i < rows; i++) {
    const at = i * width
    if (compareDigests(bytes, out * width, at, digestBytes) === 0) {
      const sum =
        view.getUint32(out * width + digestBytes, true) + view.getUint32(at + digestBytes, true)
      view.setUint32(out * width + digestBytes, Math.min(MAX_COUNT, sum), true)
    } else {
      out++
      if (out !== i) bytes.copyWithin(out * width, at, at + width)
    }
  }
  return bytes.subarray(0, (out + 1) * width)
}
