import { ProblemError } from '../http/problem.js'
import type { NewPasswordVerdict } from './password-acceptance.js'

/** The 422 a refused new password answers with: every violation, and zxcvbn's feedback. */
export function passwordRejected(
  verdict: Extract<NewPasswordVerdict, { acceptable: false }>,
): ProblemError {
  return new ProblemError({
    status: 422,
    code: 'password_rejected',
    title: 'Password not acceptable',
    detail: verdict.violations.map((violation) => violation.message).join(' '),
    extensions: { violations: verdict.violations, feedback: verdict.feedback },
  })
}
