/** Digest algorithms a `hint` may name for a bare digest that does not name its own scheme. */
export const HINT_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha384', 'sha512', 'ntlm'] as const
export type HintAlgorithm = (typeof HINT_ALGORITHMS)[number]

/**
 * How to read a bare hex/base64 digest (DESIGN: `hint`). `salt` is used as its UTF-8 bytes,
 * before (`prefix`, the default when a salt is given) or after (`suffix`) the password.
 * `encoding` is detected from the string when absent.
 */
export interface HashHint {
  algorithm: HintAlgorithm
  salt?: string
  saltPosition?: 'prefix' | 'suffix'
  encoding?: 'hex' | 'base64'
}

/** Whether `value` is one of the hint algorithms (hints arrive as untyped JSON). */
export function isHintAlgorithm(value: unknown): value is HintAlgorithm {
  return typeof value === 'string' && (HINT_ALGORITHMS as readonly string[]).includes(value)
}
