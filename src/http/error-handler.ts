import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from '../ports/logger.js'
import { HashingUnavailableError } from '../hashing/bounded-password-hasher.js'
import { ProblemError, problemResponse } from './problem.js'

/**
 * The one place errors become responses. Expected failures arrive as ProblemError; anything
 * else is a bug, logged with the request id and answered with a generic 500 that reveals
 * nothing (a message could carry a password or a hash).
 */
export function createErrorHandler(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ProblemError) return problemResponse(error)
    if (error instanceof HTTPException) return problemResponse(fromHttpException(error))
    if (error instanceof HashingUnavailableError) {
      const overloaded = error.code === 'overloaded'
      return problemResponse(
        new ProblemError({
          status: 503,
          code: error.code,
          title: overloaded ? 'Overloaded' : 'Hash cost unsupported here',
          detail: overloaded
            ? 'Password hashing capacity is exhausted; retry shortly.'
            : 'This stored hash needs more memory than this runtime allows; use the Node deployment for it.',
          headers:
            error.retryAfterSeconds === null
              ? {}
              : { 'retry-after': String(error.retryAfterSeconds) },
        }),
      )
    }
    if (isStorageFull(error)) {
      logger.error('storage full', { requestId: c.get('requestId'), path: c.req.path })
      return problemResponse(
        new ProblemError({
          status: 507,
          code: 'storage_full',
          title: 'Insufficient storage',
          detail:
            'The database disk is full; nothing from this request was half-written. Free space and retry.',
          headers: { 'retry-after': '60' },
        }),
      )
    }
    if (isMalformedJson(error)) {
      return problemResponse(
        new ProblemError({
          status: 400,
          code: 'invalid_json',
          title: 'Malformed JSON',
          detail: 'The request body is not valid JSON.',
        }),
      )
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      path: c.req.path,
      error: error.name,
      stack: error.stack?.split('\n').slice(0, 6).join(' | '),
    })
    return problemResponse(
      new ProblemError({
        status: 500,
        code: 'internal_error',
        title: 'Internal server error',
        detail: 'The request could not be completed; it has been logged.',
      }),
    )
  }
}

function fromHttpException(error: HTTPException): ProblemError {
  if (error.status === 413) {
    return new ProblemError({
      status: 413,
      code: 'payload_too_large',
      title: 'Payload too large',
      detail: 'The request body exceeds the size limit for this endpoint.',
    })
  }
  if (error.status === 400 && /json/i.test(error.message)) {
    return new ProblemError({
      status: 400,
      code: 'invalid_json',
      title: 'Malformed JSON',
      detail: 'The request body is not valid JSON.',
    })
  }
  return new ProblemError({
    status: error.status,
    code: error.status === 401 ? 'unauthorized' : 'bad_request',
    title: error.status === 401 ? 'Unauthorized' : 'Bad request',
    detail: error.message || 'The request was rejected.',
  })
}

/** SQLite (better-sqlite3) and D1 both surface a full disk as SQLITE_FULL. */
function isStorageFull(error: Error): boolean {
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_FULL' || /SQLITE_FULL|database or disk is full/i.test(error.message)
}

function isMalformedJson(error: Error): boolean {
  return error instanceof SyntaxError && /JSON/i.test(error.message)
}
