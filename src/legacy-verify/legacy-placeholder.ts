/**
 * What an account imported with `"legacyVerify": true` holds instead of a hash. It is not a
 * hash of anything, so no password verifies against it by the ordinary path; login sees the
 * scheme and asks the tenant's legacy system instead. The compare-and-swap that stores the
 * first argon2id hash expects exactly this value, so only one first login imports.
 */
export const LEGACY_VERIFY_PLACEHOLDER = '$pwguard$legacy-verify$'
export const LEGACY_VERIFY_SCHEME = 'legacy_verify'

export function awaitsLegacyVerify(account: { passwordHash: string }): boolean {
  return account.passwordHash === LEGACY_VERIFY_PLACEHOLDER
}
