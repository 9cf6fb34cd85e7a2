import { z } from '@hono/zod-openapi'
import { passwordField } from '../http/password-field.js'
import { LOCALES, VIOLATION_CODES } from './policy-messages.js'

/** Bounds on context fields keep the folding and zxcvbn user-input work small. */
const contextSchema = z
  .object({
    username: z.string().max(256).optional(),
    email: z.string().max(320).optional(),
    names: z.array(z.string().max(256)).max(16).optional(),
  })
  .openapi('PasswordContext', {
    description: 'Account details the password must not contain (also fed to zxcvbn).',
    example: { username: 'jdesmet', email: 'jan.desmet@wachtkamer.be', names: ['Jan', 'De Smet'] },
  })

export const checkRequestSchema = z
  .object({
    password: passwordField.openapi({
      description: 'The candidate password; at most 1024 UTF-8 bytes. Never stored or logged.',
      example: 'paarse-olifant-fietst-naar-Gent',
    }),
    context: contextSchema.optional(),
    locale: z.enum(LOCALES).optional().openapi({
      description: 'Language of messages and feedback; defaults to Accept-Language, then en.',
      example: 'nl',
    }),
  })
  .openapi('PasswordCheckRequest')

const violationSchema = z
  .object({
    code: z.enum(VIOLATION_CODES).openapi({
      description: 'Stable machine code.',
    }),
    message: z.string().openapi({ description: 'Human message in the requested locale.' }),
  })
  .openapi('PolicyViolation')

export const checkResultSchema = z
  .object({
    acceptable: z.boolean().openapi({ description: 'True iff `violations` is empty.' }),
    breach: z.object({
      breached: z.boolean(),
      count: z.number().int().nonnegative().openapi({
        description: 'Times seen in the corpus (1 for plaintext lists without counts).',
      }),
      upstream: z.enum(['ok', 'unavailable']).optional().openapi({
        description: 'Present when an upstream range API is configured: whether it answered.',
      }),
    }),
    strength: z.object({
      score: z.number().int().min(0).max(4).openapi({ description: 'zxcvbn score 0–4.' }),
      guessesLog10: z.number(),
    }),
    violations: z.array(violationSchema),
    feedback: z.object({
      warning: z.string().nullable(),
      suggestions: z.array(z.string()),
    }),
  })
  .openapi('PasswordCheckResult', {
    example: {
      acceptable: false,
      breach: { breached: true, count: 3_861_493 },
      strength: { score: 0, guessesLog10: 0.3 },
      violations: [
        { code: 'too_short', message: 'Use at least 15 characters (this one has 8).' },
        {
          code: 'breached',
          message: 'This password appears in known data breaches (3,861,493×); choose another.',
        },
        { code: 'weak', message: 'This password is too easy to guess.' },
      ],
      feedback: {
        warning: 'This password has been exposed in a data breach.',
        suggestions: ['Avoid common character sequences.'],
      },
    },
  })
