import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { parsed, parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { CRYPT64, encodeHash64 } from './codecs.js'
import { COST_BOUNDS, within } from './cost-bounds.js'
import { recomputableHash, type DigestFunction } from './recomputable-hash.js'
import { ROUNDS_PER_SLICE, yieldToEventLoop } from './yield-to-event-loop.js'

const PHPASS = /^\$([PH])\$([./0-9A-Za-z])([./0-9A-Za-z]{8})([./0-9A-Za-z]{22})$/

/**
 * phpass portable hashes (WordPress `$P$`, phpBB3 `$H$`): 2^n rounds of md5(previous ‖ password)
 * starting from md5(salt ‖ password). The spec allows n in 7..30; n above 19 (passlib's and phpBB's
 * default) is refused as a cost no real installation uses.
 */
export function parsePhpass(hash: string): ParsedHashResult | null {
  const match = PHPASS.exec(hash)
  if (!match)
    return /^\$[PH]\$/.test(hash) ? parseFailure('malformed_hash', 'not a valid phpass hash') : null
  const [, ident = 'P', countChar = '', salt = '', checksum = ''] = match
  const log2 = CRYPT64.indexOf(countChar)
  if (log2 < COST_BOUNDS.phpassLog2.min || log2 > 30) {
    return parseFailure('malformed_hash', 'phpass count must be 7..30')
  }
  if (!within(log2, COST_BOUNDS.phpassLog2)) {
    return parseFailure('cost_out_of_bounds', 'phpass count above 2^19')
  }
  const setting = `$${ident}$${countChar}${salt}`
  return parsed(
    recomputableHash({
      scheme: 'phpass',
      family: 'phpass',
      speed: 'fast',
      canonical: hash,
      cost: { rounds: 2 ** log2 },
      configBody: setting,
      digest: checksum,
      compute: phpassDigest(salt, 2 ** log2),
    }),
  )
}

/** The checksum function for a `$P$<count><salt8>` setting, or null. */
export function phpassFromConfig(body: string): DigestFunction | null {
  const result = parsePhpass(`${body}${'.'.repeat(22)}`)
  if (!result?.ok) return null
  return phpassDigest(body.slice(4, 12), result.hash.cost?.rounds ?? 0)
}

function phpassDigest(saltText: string, rounds: number): DigestFunction {
  const salt = Buffer.from(saltText, 'latin1')
  return async (password) => {
    let hash = createHash('md5').update(salt).update(password).digest()
    for (let i = 0; i < rounds; i++) {
      if (i > 0 && i % (ROUNDS_PER_SLICE * 8) === 0) await yieldToEventLoop()
      hash = createHash('md5').update(hash).update(password).digest()
    }
    return encodeHash64(hash)
  }
}
