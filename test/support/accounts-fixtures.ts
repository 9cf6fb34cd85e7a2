import { createHash } from 'node:crypto'

/**
 * Legacy hashes made by independent tools (see test/fixtures/hashes for the full set):
 * md5-crypt from `openssl passwd -1 -salt saltsalt 'correct horse'`,
 * sha512-crypt from `openssl passwd -6 -salt saltsalt 'pässwörd'`.
 */
export const MD5_CRYPT = { password: 'correct horse', hash: '$1$saltsalt$NuzA7WTAelpl95xgBGWN60' }
export const SHA512_CRYPT = {
  password: 'pässwörd',
  hash: '$6$saltsalt$TQjRhpJdqmLx0U8it3EsUajwkmOMMvw5vhUFc7mohzFFoj/QHrfYUHU1oSkwyCEoTUCDOiAOW135nel3bqtKe.',
}

export const sha1Upper = (text: string) =>
  createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase()
export const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex')

/** An NDJSON body from records. */
export const ndjson = (records: unknown[]) =>
  records.map((record) => JSON.stringify(record)).join('\n') + '\n'

export const STRONG_PASSWORD = 'violet-tractor-harbour-quietly-47'
