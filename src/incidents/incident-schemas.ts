import { z } from '@hono/zod-openapi'
import { DATA_CLASS_NAMES } from './data-classes.js'

const instant = z.string().datetime({ offset: true }).openapi({ example: '2026-03-02T08:30:00Z' })

export const incidentIdField = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not an incident id')
  .openapi({ example: 'inc_3kq9ZpV1x7bT' })

export const createIncidentBody = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Ransom e-mail: patient database' }),
    description: z.string().max(10_000).optional(),
    occurredAt: instant.optional(),
    detectedAt: instant,
    dataClasses: z
      .array(z.string().max(64))
      .min(1)
      .max(DATA_CLASS_NAMES.length)
      .openapi({
        description: `Documented vocabulary: ${DATA_CLASS_NAMES.join(', ')}.`,
        example: ['email', 'phone', 'password', 'message', 'health'],
      }),
    source: z.string().max(500).optional(),
  })
  .openapi('CreateIncidentRequest')

export const incidentCreated = z
  .object({ id: z.string(), notifyAuthorityBy: z.string().datetime() })
  .openapi('IncidentCreated')

export const incidentView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    occurredAt: z.string().datetime().nullable(),
    detectedAt: z.string().datetime(),
    dataClasses: z.array(z.string()),
    source: z.string().nullable(),
    notifyAuthorityBy: z.string().datetime(),
    authorityNotifiedAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi('Incident')

export const incidentList = z
  .object({ incidents: z.array(incidentView), nextCursor: z.string().nullable() })
  .openapi('IncidentList')

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})

export const notifiedBody = z
  .object({ at: instant.openapi({ description: 'When the supervisory authority was notified.' }) })
  .openapi('AuthorityNotifiedRequest')

/** A reset token handed to the tenant to send its user (forced per account or per incident). */
export const issuedToken = z.object({
  externalId: z.string(),
  token: z.string(),
  expiresAt: z.string(),
})
