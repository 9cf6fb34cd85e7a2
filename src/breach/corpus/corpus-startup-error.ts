/**
 * The error that stops the service when its corpus is missing, corrupt or mismatched. The
 * entries print `code === 'PWGUARD_STARTUP'` errors as one clean message and exit 1.
 */
export function corpusStartupError(dir: string, problem: string): Error {
  const error = new Error(
    `the breach corpus in ${dir} is unusable: ${problem}. ` +
      `Rebuild it with 'pwguard corpus build --out ${dir} --hibp FILE' (or --hibp-dir, --passwords), ` +
      `or delete the folder to have the default corpus rebuilt on the next start.`,
  )
  return Object.assign(error, { code: 'PWGUARD_STARTUP' })
}
