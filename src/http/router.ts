import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ZodError } from 'zod'
import { bodyRequired } from './body-problems.js'
import { ProblemError, type ProblemCode } from './problem.js'
import type { AppEnv } from './app-env.js'

/** The media types hono's JSON validator parses (`application/json`, `application/*+json`). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i

/** Codes a field schema attaches (`params: {code}`) that outrank the generic `invalid_body`. */
const FIELD_PROBLEMS = {
  password_ill_formed: {
    title: 'Password not well-formed',
    detail: 'A password contains a lone UTF-16 surrogate; nothing was hashed or checked.',
  },
  password_too_long: {
    title: 'Password too long',
    detail: 'Passwords are limited to 1024 UTF-8 bytes; nothing was hashed.',
  },
} satisfies Partial<Record<ProblemCode, { title: string; detail: string }>>

type FieldProblemCode = keyof typeof FIELD_PROBLEMS

/**
 * A route group. Every group shares one validation hook, so a schema failure anywhere is the
 * same problem document: 400 `invalid_body` (or a more specific code a schema attaches, such as
 * `password_too_long`), listing paths and messages but never the offending values. A JSON body
 * route (declared `required: true`) that receives no body is refused here too, before its
 * handler runs: an absent body must never read as `{}` and reach a write.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.target === 'json' && !isJsonRequest(c)) throw bodyRequired()
      if (!result.success) throw validationProblem(result.error as ZodError, result.target)
    },
  })
}

/**
 * hono's JSON validator hands the schema `{}` when the content type is absent (the media-type
 * gate before it already answered 415 for a body of another type), so this is "no body".
 */
function isJsonRequest(c: Context): boolean {
  return JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')
}

export function validationProblem(error: ZodError, target: string): ProblemError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }))
  const specific = error.issues
    .map((issue) => (issue as { params?: { code?: string } }).params?.code)
    .find((code): code is FieldProblemCode => typeof code === 'string' && code in FIELD_PROBLEMS)
  if (specific !== undefined) {
    return new ProblemError({
      status: 400,
      code: specific,
      ...FIELD_PROBLEMS[specific],
      extensions: { issues },
    })
  }
  const code =
    target === 'param' ? 'invalid_parameter' : target === 'query' ? 'invalid_query' : 'invalid_body'
  return new ProblemError({
    status: 400,
    code,
    title: 'Invalid request',
    detail: `The request ${target === 'json' ? 'body' : target} does not match the schema.`,
    extensions: { issues },
  })
}
