import { OpenAPIHono } from '@hono/zod-openapi'
import type { ZodError } from 'zod'
import { ProblemError } from './problem.js'
import type { AppEnv } from './app-env.js'

/**
 * A route group. Every group shares one validation hook, so a schema failure anywhere is the
 * same problem document: 400 `invalid_body` (or a more specific code a schema attaches, such as
 * `password_too_long`), listing paths and messages but never the offending values.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error as ZodError, result.target)
    },
  })
}

export function validationProblem(error: ZodError, target: string): ProblemError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }))
  const specific = error.issues
    .map((issue) => (issue as { params?: { code?: string } }).params?.code)
    .find((code): code is string => typeof code === 'string')
  if (specific === 'password_too_long') {
    return new ProblemError({
      status: 400,
      code: 'password_too_long',
      title: 'Password too long',
      detail: 'Passwords are limited to 1024 UTF-8 bytes; nothing was hashed.',
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
