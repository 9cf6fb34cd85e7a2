/**
 * The outcome of checking a password against a stored hash of any scheme the vault holds
 * (argon2id, a legacy family, or a `$pwg-wrap$` layer): what login needs to decide and upgrade.
 */
export interface HashVerdict {
  valid: boolean
  scheme: string
  /** Not argon2id with the current parameters: upgrade on success. */
  needsRehash: boolean
  /** The verify already cost an argon2 computation (no dummy work needed to hide timing). */
  costsArgon2: boolean
}
