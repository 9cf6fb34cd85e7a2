import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ProblemCode } from './problem-catalog.js'

export type { ProblemCode } from './problem-catalog.js'

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

/** The path of the page that documents every code (`GET /problems`), one anchor per code. */
export const PROBLEMS_PAGE_PATH = '/problems'

/**
 * The `type` URI for a code: a reference relative to the service itself (RFC 9457 §3.1.1
 * resolves it against the request URI), so a client can follow it to the code's anchor on
 * `GET /problems` whatever host the service is deployed on.
 */
export function problemTypeUri(code: ProblemCode): string {
  return `${PROBLEMS_PAGE_PATH}#${code}`
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
