import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { routePath } from 'hono/route'
import type { Logger } from '../ports/logger.js'
import { HashingUnavailableError } from '../hashing/bounded-password-hasher.js'
import type { AppEnv } from './app-env.js'
import { bodyRequired, malformedJson, payloadTooLarge } from './body-problems.js'
import { ProblemError, problemResponse } from './problem.js'

/**
 * The one place errors become responses. Expected failures arrive as ProblemError; anything
 * else is a bug, logged with the request id and answered with a generic 500 that reveals
 * nothing (a message could carry a password or a hash).
 */
export function createErrorHandler(logger: Logger) {
  return (error: Error, c: Context<AppEnv>): Response => {
    const body = bodyProblem(error, c)
    if (body) return problemResponse(body)
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
      logger.error('storage full', requestFields(c, 507, error))
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
    logger.error('unhandled error', requestFields(c, 500, error))
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

/**
 * What an error log line may say. Never the message (a driver error can quote a value, a
 * password or an e-mail) nor the raw path (it can hold an e-mail-shaped externalId): the route
 * pattern, the error's class and code, and stack frames (file and line only, the message line
 * dropped) are enough to find the bug from the request id.
 */
function requestFields(c: Context<AppEnv>, status: number, error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code
  return {
    requestId: c.get('requestId'),
    method: c.req.method,
    route: routePath(c, -1) || null,
    status,
    error: error.name,
    ...(typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code) ? { code } : {}),
    frames: stackFrames(error),
  }
}

function stackFrames(error: Error): string | undefined {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))
  return frames.length === 0
    ? undefined
    : frames
        .slice(0, 5)
        .map((line) => line.trim())
        .join(' | ')
}

/**
 * The one place a body failure gets its code, whichever reader met it (hono's JSON validator,
 * a handler's own parse, a line splitter that wrapped the meter's error): null if it is none.
 */
function bodyProblem(error: Error, c: Context<AppEnv>): ProblemError | null {
  const meter = c.get('bodyMeter')
  // The upload runner's own 413 names the committed batches: kept as it is.
  if (error instanceof ProblemError && error.status === 413) return error
  // Past the limit, whatever a reader made of the cut-off body is a 413, not its own error.
  if (meter?.exceeded || (error instanceof HTTPException && error.status === 413)) {
    return payloadTooLarge()
  }
  if (error instanceof ProblemError) return null
  if (error instanceof HTTPException && error.status === 400 && /json/i.test(error.message)) {
    // `Content-Type: application/json` with nothing after it is a missing body, not bad JSON.
    return (meter?.bytesRead ?? 0) === 0 ? bodyRequired() : malformedJson()
  }
  return isMalformedJson(error) ? malformedJson() : null
}

function fromHttpException(error: HTTPException): ProblemError {
  if (error.status === 415) {
    return new ProblemError({
      status: 415,
      code: 'unsupported_media_type',
      title: 'Unsupported media type',
      detail: 'This endpoint takes application/json.',
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
