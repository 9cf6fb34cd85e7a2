import type { HashMode } from './range-reader.js'

/**
 * The strong ETag of one answer: corpus version, live-additions generation, mode, prefix and
 * padding. Every input that can change the bytes is in it, so equal tags mean equal bodies
 * (padding is deterministic per version and prefix, see range-padding-stream.ts).
 */
export function rangeEtag(
  version: string,
  generation: number,
  mode: HashMode,
  prefix: string,
  padded: boolean,
): string {
  return `"${version}-${generation}-${mode}-${prefix}${padded ? '-p' : ''}"`
}

/**
 * RFC 9110 If-None-Match for a GET: true when the header lists `etag` (weak comparison, as the
 * RFC asks for this header) or is `*`.
 */
export function etagMatches(header: string | null | undefined, etag: string): boolean {
  if (!header) return false
  if (header.length === etag.length && header === etag) return true
  for (const raw of header.split(',')) {
    const tag = raw.trim()
    if (tag === '*' || tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true
  }
  return false
}

/** An HTTP-date (IMF-fixdate) for Last-Modified. */
export function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString()
}
