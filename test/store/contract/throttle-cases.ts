import { expect, it } from 'vitest'
import { reservePlan } from '../../../src/store/ports/throttle-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const RULE = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  windowMs: 3_600_000,
  hardLimit: 100,
}
const HARD_BLOCK_MS = 365 * 24 * 3_600_000
const key = { tenantId: 'acme', subject: 'account:alice' }
const at = (now: number, rule = RULE) => reservePlan(rule, now, HARD_BLOCK_MS)

/** The throttle contract: reservations are counted atomically and blocks hold. */
export function throttleCases(backend: () => OpenedBackend, kind: ContractBackend) {
  it('free attempts, then a doubling wait that blocks reservations until it passes', async () => {
    const { throttle } = backend().ports
    for (let n = 1; n <= 5; n++) {
      expect(await throttle.reserve(key, at(1_000))).toEqual({ kind: 'reserved', failures: n })
    }
    // The fifth counted attempt set a 1 s wait (base · 2^0).
    expect(await throttle.waitMs(key, 1_000)).toBe(1_000)
    expect(await throttle.reserve(key, at(1_500))).toEqual({ kind: 'blocked', waitMs: 500 })
    expect(await throttle.reserve(key, at(2_000))).toEqual({ kind: 'reserved', failures: 6 })
    expect(await throttle.waitMs(key, 2_000)).toBe(2_000)
  })

  it('release clears the counter; failures older than the window are forgotten', async () => {
    const { throttle } = backend().ports
    for (let n = 0; n < 5; n++) await throttle.reserve(key, at(0))
    await throttle.release(key)
    expect(await throttle.waitMs(key, 0)).toBe(0)
    expect(await throttle.reserve(key, at(1))).toEqual({ kind: 'reserved', failures: 1 })
    const later = 1 + RULE.windowMs + 1
    expect(await throttle.reserve(key, at(later))).toEqual({ kind: 'reserved', failures: 1 })
  })

  it('the hard limit blocks until cleared; an infinite limit never does', async () => {
    const { throttle } = backend().ports
    const tight = { ...RULE, freeFailures: 100, hardLimit: 3 }
    for (let n = 0; n < 3; n++) await throttle.reserve(key, at(0, tight))
    expect(await throttle.waitMs(key, 0)).toBe(HARD_BLOCK_MS)
    const open = { ...RULE, freeFailures: 1_000, hardLimit: Number.POSITIVE_INFINITY }
    const ip = { tenantId: 'acme', subject: 'ip:203.0.113.9' }
    for (let n = 1; n <= 50; n++)
      expect(await throttle.reserve(ip, at(0, open))).toMatchObject({ failures: n })
  })

  it(`concurrent guesses get exactly the free attempts (${kind.concurrent ? 'row lock' : 'serialised'})`, async () => {
    const { throttle } = backend().ports
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => throttle.reserve(key, at(10_000))),
    )
    const reserved = outcomes.filter((o) => o.kind === 'reserved').map((o) => o.failures)
    expect(reserved.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5])
    expect(outcomes.filter((o) => o.kind === 'blocked')).toHaveLength(35)
  })

  it('subjects and tenants are counted apart', async () => {
    const { throttle } = backend().ports
    for (let n = 0; n < 5; n++) await throttle.reserve(key, at(0))
    expect(await throttle.reserve({ ...key, tenantId: 'other' }, at(0))).toMatchObject({
      failures: 1,
    })
    expect(await throttle.reserve({ ...key, subject: 'account:bob' }, at(0))).toMatchObject({
      failures: 1,
    })
  })
}
