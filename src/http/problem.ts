import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Stable machine-readable error codes. Clients switch on `code`, never on `title` or `detail`,
 * so a code, once published, keeps its meaning.
 */
export type ProblemCode =
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_prefix'
  | 'invalid_mode'
  | 'mode_unavailable'
  | 'password_too_long'
  | 'password_ill_formed'
  | 'body_required'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'password_rejected'
  | 'invalid_credentials'
  | 'throttled'
  | 'overloaded'
  | 'upstream_unavailable'
  | 'internal_error'
  | (string & {})

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: ProblemCode
  [extension: string]: unknown
}

/** Thrown anywhere below a route to end the request with an RFC 9457 problem document. */
export class ProblemError extends Error {
  readonly status: ContentfulStatusCode
  readonly code: ProblemCode
  readonly title: string
  readonly extensions: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(options: {
    status: ContentfulStatusCode
    code: ProblemCode
    title: string
    detail?: string
    extensions?: Record<string, unknown>
    headers?: Record<string, string>
  }) {
    super(options.detail ?? options.title)
    this.name = 'ProblemError'
    this.status = options.status
    this.code = options.code
    this.title = options.title
    this.extensions = options.extensions ?? {}
    this.headers = options.headers ?? {}
  }

  toProblem(): Problem {
    return {
      type: problemTypeUri(this.code),
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...this.extensions,
    }
  }
}

/** The `type` URI for a code: a stable, dereferenceable name documented in the README. */
export function problemTypeUri(code: ProblemCode): string {
  return `https://pwguard.dev/problems/${code.replaceAll('_', '-')}`
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** Serialises a problem document as a Response; used by the error handler and raw routes. */
export function problemResponse(error: ProblemError): Response {
  return new Response(JSON.stringify(error.toProblem()), {
    status: error.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...error.headers },
  })
}

export const badRequest = (
  code: ProblemCode,
  detail: string,
  extensions?: Record<string, unknown>,
) => new ProblemError({ status: 400, code, title: 'Bad request', detail, extensions })

export const notFound = (detail = 'No such resource.') =>
  new ProblemError({ status: 404, code: 'not_found', title: 'Not found', detail })
