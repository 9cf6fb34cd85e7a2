/**
 * The error that stops the service when its corpus is missing, corrupt or mismatched. The
 * entries print `code === 'PWGUARD_STARTUP'` errors as one clean message and exit 1.
 */
/** Marks errors whose message is safe to show while the service cannot start. */
export const STARTUP_ERROR_CODE = 'PWGUARD_STARTUP'

/** A start-up problem the operator must fix, with a message fit for a public 503 body. */
export function startupError(message: string): Error {
  return Object.assign(new Error(message), { code: STARTUP_ERROR_CODE })
}

export function corpusStartupError(dir: string, problem: string): Error {
  const error = new Error(
    `the breach corpus in ${dir} is unusable: ${problem}. ` +
      `Rebuild it with 'pwguard corpus build --out ${dir} --hibp FILE' (or --hibp-dir, --passwords), ` +
      `or delete the folder to have the default corpus rebuilt on the next start.`,
  )
  return Object.assign(error, { code: STARTUP_ERROR_CODE })
}
