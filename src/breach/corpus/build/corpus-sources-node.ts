import { hash } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ManifestSource, SourceKind } from '../corpus-format.js'
import { MALFORMED, parseHexLine, splitPasswordLine } from './hash-line-parser.js'
import { readLinesSync } from './line-reader-node.js'
import { ntlmDigest } from '../md4.js'

/** One input of `pwguard corpus build`. */
export interface CorpusSourceSpec {
  kind: SourceKind
  path: string
  /** What the manifest calls it (defaults to `path`). */
  label?: string
  /** Plaintext lists only: a trailing `:DIGITS` is a count (see splitPasswordLine). */
  withCounts?: boolean
}

/** Where parsed digests go: the bucket spool, or the sorted fast path's store writer. */
export interface DigestSpool {
  readonly digestBytes: number
  push(digest: Uint8Array, count: number): void
}

export interface Spools {
  sha1: DigestSpool
  ntlm: DigestSpool
}

const PREFIX_FILE = /^[0-9A-Fa-f]{5}\.txt$/

/** The files a source reads, with their sizes (for progress) — a folder lists its ABCDE.txt. */
export function sourceFiles(
  spec: CorpusSourceSpec,
): { file: string; bytes: number; prefix?: string }[] {
  if (spec.kind !== 'hibp-dir' && spec.kind !== 'hibp-ntlm-dir') {
    return [{ file: spec.path, bytes: statSync(spec.path).size }]
  }
  return readdirSync(spec.path)
    .filter((name) => PREFIX_FILE.test(name))
    .sort()
    .map((name) => {
      const file = join(spec.path, name)
      return { file, bytes: statSync(file).size, prefix: name.slice(0, 5).toUpperCase() }
    })
}

/** Streams one source into the spools; returns its manifest entry. */
export function feedSource(
  spec: CorpusSourceSpec,
  spools: Spools,
  onBytes: (bytes: number) => void,
): ManifestSource {
  const tally = { lines: 0, hashes: 0, skipped: 0 }
  const isNtlm = spec.kind === 'hibp-ntlm' || spec.kind === 'hibp-ntlm-dir'
  const spool = isNtlm ? spools.ntlm : spools.sha1
  for (const { file, prefix } of sourceFiles(spec)) {
    const onLine =
      spec.kind === 'passwords'
        ? passwordLineHandler(spools, spec.withCounts ?? false, tally)
        : hexLineHandler(spool, prefix, tally)
    tally.lines += readLinesSync(file, onLine, onBytes)
  }
  return {
    kind: spec.kind,
    path: spec.label ?? spec.path,
    ...tally,
    counts: spec.kind === 'passwords' && !spec.withCounts ? 'one-per-occurrence' : 'given',
  }
}

type LineHandler = (buffer: Uint8Array, start: number, end: number) => void
type Tally = { hashes: number; skipped: number }

function hexLineHandler(spool: DigestSpool, prefix: string | undefined, tally: Tally): LineHandler {
  const digest = new Uint8Array(spool.digestBytes)
  const prefixBytes = prefix ? Buffer.from(`${prefix}0`, 'hex') : null
  const hexDigits = spool.digestBytes * 2 - (prefix ? 5 : 0)
  return (buffer, start, end) => {
    if (prefixBytes) digest.set(prefixBytes)
    const count = parseHexLine(buffer, start, end, hexDigits, digest, prefix ? 5 : 0)
    if (count === MALFORMED) return void tally.skipped++
    spool.push(digest, count)
    tally.hashes++
  }
}

function passwordLineHandler(spools: Spools, withCounts: boolean, tally: Tally): LineHandler {
  const utf8 = new TextDecoder()
  return (buffer, start, end) => {
    const line = splitPasswordLine(buffer, start, end, withCounts)
    if (line.end === start) return
    const bytes = buffer.subarray(start, line.end)
    // One-shot hash: no Hash object per line (a third of the default build's time).
    spools.sha1.push(hash('sha1', bytes, 'buffer'), line.count)
    spools.ntlm.push(ntlmDigest(utf8.decode(bytes)), line.count)
    tally.hashes++
  }
}
