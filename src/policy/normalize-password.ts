/** A password as the policy sees it: NFKC-normalized, with its length in code points. */
export interface NormalizedPassword {
  normalized: string
  /** Length in Unicode code points after NFKC (NIST SP 800-63B-4 §3.1.1.2), not UTF-16 units. */
  codePoints: number
}

/**
 * Normalizes with NFKC so that visually equivalent inputs (full-width letters, ligatures,
 * composed vs decomposed accents) count and compare the same on every device.
 */
export function normalizePassword(password: string): NormalizedPassword {
  const normalized = password.normalize('NFKC')
  return { normalized, codePoints: countCodePoints(normalized) }
}

/** Counts code points without allocating an array (a surrogate pair is one character). */
export function countCodePoints(text: string): number {
  let count = 0
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    // A high surrogate followed by a low one is a single astral code point.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) index++
    }
    count++
  }
  return count
}
