import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from '@hono/zod-openapi'

type OpenAPIRegistry = OpenAPIHono['openAPIRegistry']

const textBody = (example: string) => ({
  'text/plain': { schema: z.string().openapi({ example }) },
})

/**
 * Documents `GET /range/{prefix}` by hand: the handler skips zod validation on this hot route,
 * so the schema here is documentation only and must match `range-responder.ts`.
 */
export function registerRangeOpenApi(registry: OpenAPIRegistry, isPublic: boolean): void {
  registry.registerPath({
    method: 'get',
    path: '/range/{prefix}',
    tags: ['range'],
    summary: 'HIBP-compatible k-anonymity range',
    description:
      'Every hash in the corpus starting with the 5-hex prefix, as uppercase `SUFFIX:COUNT` lines joined by CRLF (no trailing CRLF), like api.pwnedpasswords.com. With `Add-Padding: true` the range is padded with `:0` rows to one row count for the whole corpus (deterministic per corpus version and prefix, so padded answers cache too). Strong `ETag` per corpus version, prefix, mode and padding, `Last-Modified`, `Cache-Control`; `If-None-Match` / `If-Modified-Since` give 304. Serves the local corpus only, never an upstream.',
    security: isPublic ? [] : [{ bearer: [] }],
    request: {
      params: z.object({
        prefix: z
          .string()
          .regex(/^[0-9A-Fa-f]{5}$/)
          .openapi({ param: { name: 'prefix', in: 'path' }, example: '5BAA6' }),
      }),
      query: z.object({
        mode: z.enum(['sha1', 'ntlm']).default('sha1').optional(),
      }),
      headers: z.object({
        'Add-Padding': z.enum(['true', 'false']).optional(),
        'If-None-Match': z.string().optional(),
        'If-Modified-Since': z.string().optional(),
      }),
    },
    responses: {
      200: {
        description: 'The range (200 for every valid prefix, empty when no hash starts with it).',
        content: textBody(
          '1E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\n1E4D0E5D2B9A2BB4E8D0B5E4D0F3C2A1B0C:0',
        ),
      },
      400: {
        description:
          'Bad prefix (`The hash prefix was not in a valid format`), unknown mode, or ntlm on a corpus without NTLM. Plain text; `application/problem+json` when Accept asks for JSON.',
        content: textBody('The hash prefix was not in a valid format'),
      },
      304: { description: 'Not modified: the ETag given in If-None-Match is still current.' },
      405: { description: 'Only GET, HEAD and OPTIONS are allowed (see `Allow`).' },
    },
  })
}
