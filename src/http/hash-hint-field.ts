import { z } from '@hono/zod-openapi'
import { HINT_ALGORITHMS } from '../hashing/hash-hint.js'

/** DESIGN's `hint` for bare digests that do not name their scheme. */
export const hashHintSchema = z
  .object({
    algorithm: z.enum(HINT_ALGORITHMS),
    salt: z.string().max(1024).optional(),
    saltPosition: z.enum(['prefix', 'suffix']).optional(),
    encoding: z.enum(['hex', 'base64']).optional(),
  })
  .strict()
  .openapi('HashHint', { example: { algorithm: 'sha1', salt: 'pepper42', saltPosition: 'suffix' } })
