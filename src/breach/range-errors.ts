import type { Context } from 'hono'
import type { AppEnv } from '../http/app-env.js'
import type { CorsPolicy } from '../http/cors-policy.js'
import { PROBLEM_CONTENT_TYPE, ProblemError } from '../http/problem.js'

export const RANGE_ALLOWED_METHODS = 'GET, HEAD, OPTIONS'

export type RangeErrorCode =
  'invalid_prefix' | 'invalid_mode' | 'mode_unavailable' | 'method_not_allowed'

/**
 * What each failure says. `invalid_prefix` uses HIBP's exact text: the `hibp` client throws
 * the 400 body as its error message, so its users see the same message as against HIBP.
 */
const RANGE_ERRORS: Record<RangeErrorCode, { status: 400 | 405; title: string; text: string }> = {
  invalid_prefix: {
    status: 400,
    title: 'Bad request',
    text: 'The hash prefix was not in a valid format',
  },
  invalid_mode: {
    status: 400,
    title: 'Bad request',
    text: 'The mode was not in a valid format: use sha1 or ntlm',
  },
  mode_unavailable: {
    status: 400,
    title: 'Bad request',
    text: 'This corpus holds no NTLM hashes; ask with mode=sha1 or rebuild the corpus with NTLM',
  },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    text: 'The range API only answers GET, HEAD and OPTIONS',
  },
}

/**
 * The answer to the preflight a browser sends before `GET` with `Add-Padding` (not a
 * CORS-safelisted header), with the same origin rule as the range itself.
 */
export function corsPreflightHeaders(
  cors: CorsPolicy,
  requestOrigin: string | undefined,
  allowHeaders: string,
): Record<string, string> {
  const headers = {
    'access-control-allow-methods': RANGE_ALLOWED_METHODS,
    'access-control-allow-headers': allowHeaders,
    'access-control-max-age': '86400',
    allow: RANGE_ALLOWED_METHODS,
  }
  return cors.apply(headers, requestOrigin)
}

/**
 * A range failure. Plain text like HIBP by default (existing clients show the body as is); an
 * RFC 9457 problem document when the caller's Accept asks for JSON, with a stable `code`.
 */
export function rangeErrorResponse(
  c: Context<AppEnv>,
  code: RangeErrorCode,
  cors: CorsPolicy,
  extraHeaders: Record<string, string> = {},
): Response {
  const error = RANGE_ERRORS[code]
  // Readable cross-origin like the range, so a page's client can show the reason.
  const headers = cors.apply({ ...extraHeaders }, c.req.header('origin'))
  if (wantsJson(c.req.header('accept'))) {
    const problem = new ProblemError({
      status: error.status,
      code,
      title: error.title,
      detail: error.text,
    })
    headers['content-type'] = PROBLEM_CONTENT_TYPE
    return c.body(JSON.stringify(problem.toProblem()), error.status, headers)
  }
  headers['content-type'] = 'text/plain; charset=utf-8'
  return c.body(error.text, error.status, headers)
}

function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false
  return accept.includes(PROBLEM_CONTENT_TYPE) || accept.includes('application/json')
}
