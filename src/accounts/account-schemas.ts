import { z } from '@hono/zod-openapi'
import { passwordField } from '../http/password-field.js'
import { BREACH_ACTIONS } from '../tenants/breach-actions.js'
import { isClientIp } from './client-address.js'

const isControl = (char: string) => {
  const code = char.codePointAt(0) ?? 0
  return code < 0x20 || code === 0x7f
}

/** Site-side account id: opaque to pwguard, 1–200 printable characters. */
export const externalIdField = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => ![...value].some(isControl), 'must not contain control characters')
  .openapi({ example: 'patient-10442' })

export const emailField = z.string().trim().max(320).email().openapi({ example: 'an@example.be' })

/** An end-user IP as the site saw it: v4 or v6 text, bounded, and parseable (throttle key). */
export const clientIpField = z
  .string()
  .max(64)
  .regex(/^[0-9A-Fa-f:.]+$/, 'must be an IPv4 or IPv6 address')
  .refine(isClientIp, 'must be an IPv4 or IPv6 address')
  .openapi({
    description:
      'The end user address. IPv4-mapped IPv6 counts as the IPv4 address; IPv6 is throttled per /64.',
    example: '203.0.113.9',
  })

export const loginBody = z
  .object({
    externalId: externalIdField.optional(),
    email: emailField.optional(),
    password: passwordField,
    client: z
      .object({ ip: clientIpField.optional(), userAgent: z.string().max(512).optional() })
      .optional(),
  })
  .refine((body) => Boolean(body.externalId) !== Boolean(body.email), {
    message: 'give exactly one of externalId or email',
  })
  .openapi('LoginRequest')

export const loginOk = z
  .object({
    ok: z.literal(true),
    externalId: z.string(),
    rehashed: z
      .boolean()
      .openapi({ description: 'The stored hash was upgraded to argon2id just now.' }),
    mustReset: z.boolean().openapi({
      description:
        'True: the password verified but is known to others. Do not open a session; send the user through the reset flow (only a reset token can change this password).',
    }),
    reasons: z.array(z.string()).openapi({
      description:
        'Why a reset is required: `password_breached`, `incident:<id>:<scope>`, `admin_reset` or an admin code. Empty when `mustReset` is false.',
      example: ['password_breached'],
    }),
    breachAction: z.enum(BREACH_ACTIONS).optional().openapi({
      description:
        "Present when the password is breached: the tenant's login action taken. `require_reset`: `mustReset` is true. `notify`: `mustReset` unchanged, an `account.password_breached` webhook was sent. `log`: `mustReset` unchanged, an audit entry was written. (`block` answers 403 `password_breached` instead.)",
      example: 'notify',
    }),
  })
  .openapi('LoginOk', {
    example: {
      ok: true,
      externalId: 'patient-10442',
      rehashed: false,
      mustReset: false,
      reasons: [],
      breachAction: 'notify',
    },
  })

export const loginFailed = z.object({ ok: z.literal(false) }).openapi('LoginFailed')

export const createAccountBody = z
  .object({ externalId: externalIdField, email: emailField.optional(), password: passwordField })
  .openapi('CreateAccountRequest')

export const accountView = z
  .object({
    externalId: z.string(),
    scheme: z.string().openapi({ example: 'argon2id' }),
    params: z.record(z.string(), z.number()).openapi({ example: { m: 19456, t: 2, p: 1 } }),
    mustReset: z.boolean(),
    resetReason: z.string().nullable().openapi({ description: 'The first reset reason, if any.' }),
    resetReasons: z.array(z.string()),
    exposures: z.array(z.object({ incidentId: z.string(), passwordMatch: z.boolean() })),
    createdAt: z.string().datetime(),
    passwordChangedAt: z.string().datetime().nullable(),
    lastLoginAt: z.string().datetime().nullable(),
  })
  .openapi('Account')

export const changePasswordBody = z
  .object({
    currentPassword: passwordField.optional(),
    resetToken: z.string().min(1).max(128).optional(),
    newPassword: passwordField,
    locale: z.enum(['en', 'nl', 'fr', 'de']).optional(),
    client: z
      .object({ ip: clientIpField.optional() })
      .optional()
      .openapi({ description: 'The end user address, throttled like login (`currentPassword`).' }),
  })
  .refine((body) => Boolean(body.currentPassword) !== Boolean(body.resetToken), {
    message: 'give exactly one of currentPassword or resetToken',
  })
  .openapi('ChangePasswordRequest')
