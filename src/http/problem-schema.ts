import { z } from '@hono/zod-openapi'

/** RFC 9457 problem document as every error response carries it. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable machine-readable error code.' }),
  })
  .passthrough()
  .openapi('Problem')

/** An OpenAPI response entry for an error status: `responses: { 404: problemResponse('…') }`. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
})
