/*
 * Worst cases measured here (merged dictionaries, 300-character random / word / digit inputs,
 * loaded 2-core machine): l33tMaxSubstitutions 100 (zxcvbn-ts's default) costs 0.65–1 s at
 * maxLength 64 and 2.6–5.2 s at 256; with 4 it is 18–55 ms at 64, 50–130 ms at 128 and
 * 280–500 ms at 256. zxcvbn is synchronous, so that time blocks the event loop: an
 * attacker-sized input must stay cheap.
 */
export interface StrengthLimits {
  /**
   * Code units zxcvbn reads. 64 is NIST's must-accept length; a longer password is judged on
   * its first 64, which only errs towards refusing (a weak prefix), never towards accepting.
   */
  maxLength: number
  /** 4 still unmasks "P@ssw0rd"-style substitutions; 100 makes 20 digits cost ~0.6 s. */
  l33tMaxSubstitutions: number
}

/** The zxcvbn-ts settings of the server check; the browser widget builds its copy with these. */
export const STRENGTH_LIMITS: StrengthLimits = { maxLength: 64, l33tMaxSubstitutions: 4 }
