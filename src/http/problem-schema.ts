import { z } from '@hono/zod-openapi'
import { PROBLEM_CODES, type ProblemCode } from './problem-catalog.js'

/** RFC 9457 problem document as every error response carries it. */
export const problemSchema = z
  .object({
    type: z.string().openapi({
      description: 'URI reference to this code on the problems page: `/problems#<code>`.',
      example: '/problems#not_found',
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z
      .enum(PROBLEM_CODES as [ProblemCode, ...ProblemCode[]])
      .openapi({ description: 'Stable machine-readable error code, listed at GET /problems.' }),
  })
  .passthrough()
  .openapi('Problem')

/** An OpenAPI response entry for an error status: `responses: { 404: problemResponse('…') }`. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
})
