import { z } from '@hono/zod-openapi'
import type { WebhookAllowList } from './webhook-allow-list.js'
import { webhookUrlProblem } from './webhook-url.js'

/**
 * The body fields of every tenant-set endpoint pwguard calls out to (the webhook, the legacy
 * verify hook): one URL rule, so neither can be pointed inward where the other is refused.
 */
export function outboundUrlField(
  allow: WebhookAllowList,
  doc: { example: string; description: string },
) {
  return z
    .string()
    .max(2_048)
    .superRefine((value, ctx) => {
      const reason = webhookUrlProblem(value, allow)
      if (reason) ctx.addIssue({ code: 'custom', message: reason })
    })
    .openapi(doc)
}

/** The HMAC signing secret: long enough not to guess, stored sealed, never returned. */
export function signingSecretField(example?: string) {
  return z
    .string()
    .min(16)
    .max(256)
    .openapi({
      description: 'Signing secret (16-256 chars); stored sealed, never returned',
      ...(example !== undefined && { example }),
    })
}
