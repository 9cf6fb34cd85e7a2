import { createRoute, z } from '@hono/zod-openapi'
import { createRouter } from '../http/router.js'

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['meta'],
  summary: 'Liveness',
  responses: {
    200: {
      description: 'The service is up and its corpus is loaded.',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
})

/** GET /health (mounted at `/health`): cheap, unauthenticated, touches no storage. */
export function healthRoutes() {
  return createRouter().openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
}
