import * as de from '@zxcvbn-ts/language-de'
import * as en from '@zxcvbn-ts/language-en'
import * as fr from '@zxcvbn-ts/language-fr'
import * as nlBe from '@zxcvbn-ts/language-nl-be'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { sha1Hex } from '../../src/breach/sha1-hex.js'
import { tenants } from '../../src/store/schema.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const STRONG_64 = 'Velvet-Tractor-Quinoa-Lighthouse-Mango-Seventeen-Zephyr-Orbit-92'
const PASSPHRASE = 'paarse olifant fietst traag naar Oostende'
const BREACHED = 'correct horse battery staple'
const BREACHED_NFKC = 'welkom2024wachtwoord'

interface CheckBody {
  acceptable: boolean
  breach: { breached: boolean; count: number; upstream?: string }
  strength: { score: number; guessesLog10: number }
  violations: { code: string; message: string }[]
  feedback: { warning: string | null; suggestions: string[] }
}

describe('POST /v1/passwords/check', () => {
  let t: ReturnType<typeof createTestApp>
  let auth: Record<string, string>

  beforeAll(async () => {
    t = createTestApp({
      corpus: createMemoryCorpus([
        { sha1: await sha1Hex(BREACHED), count: 42 },
        { sha1: await sha1Hex(BREACHED_NFKC), count: 7 },
      ]),
    })
    auth = await t.keyFor('acme', ['check'])
  })
  afterAll(() => t.close())

  const post = (body: unknown, headers: Record<string, string> = auth) =>
    t.app.request('/v1/passwords/check', jsonRequest('POST', body, headers))
  const check = async (body: object, headers?: Record<string, string>) => {
    const res = await post(body, headers)
    expect(res.status).toBe(200)
    return (await res.json()) as CheckBody
  }
  const codes = (body: CheckBody) => body.violations.map((violation) => violation.code)
  const setTenant = (values: Partial<typeof tenants.$inferInsert>) =>
    t.driver.db.update(tenants).set(values).where(eq(tenants.id, 'acme'))

  it('accepts a strong 64-character password and reports it in DESIGN shape', async () => {
    expect(STRONG_64).toHaveLength(64)
    const body = await check({ password: STRONG_64 })
    expect(body).toEqual({
      acceptable: true,
      breach: { breached: false, count: 0 },
      strength: { score: 4, guessesLog10: expect.any(Number) },
      violations: [],
      feedback: { warning: null, suggestions: expect.any(Array) },
    })
    expect(body.strength.guessesLog10).toBeGreaterThan(12)
  })

  it('accepts a strong passphrase of ordinary words', async () => {
    const body = await check({ password: PASSPHRASE, locale: 'nl' })
    expect(body.acceptable).toBe(true)
    expect(body.strength.score).toBeGreaterThanOrEqual(3)
  })

  it('refuses 14 code points as too_short, counting code points, not UTF-16 units', async () => {
    const short = await check({ password: 'Qz!8vK#2pLw%rT' })
    expect(codes(short)).toContain('too_short')
    expect(short.acceptable).toBe(false)
    expect(short.violations[0]?.message).toBe('Use at least 15 characters (this one has 14).')
    // 14 elephants are 28 UTF-16 units but 14 characters.
    const emoji = await check({ password: '🐘'.repeat(14) })
    expect(emoji.violations.find((v) => v.code === 'too_short')?.message).toMatch(/has 14\)/)
    expect(codes(await check({ password: STRONG_64.slice(0, 15) }))).not.toContain('too_short')
  })

  it('counts length after NFKC', async () => {
    // U+FB03 "ﬃ" is one code point that NFKC expands to "ffi": 13 typed, 15 counted.
    const ligature = 'Gr\uFB03n-Qz8vK#2p'
    expect([...ligature]).toHaveLength(13)
    expect(codes(await check({ password: ligature }))).not.toContain('too_short')
    // "e" + combining acute is two code points typed that NFKC composes into one "é".
    const decomposed = 'Cafe\u0301-Qz8vK#2pL'
    expect([...decomposed]).toHaveLength(15)
    const body = await check({ password: decomposed })
    expect(body.violations.find((v) => v.code === 'too_short')?.message).toMatch(/has 14\)/)
  })

  it('applies the tenant minimum length override (8 with MFA)', async () => {
    const password = 'Qz!8vK#2pLw%'
    expect(codes(await check({ password }))).toContain('too_short')
    await setTenant({ minPasswordLength: 8 })
    try {
      expect(await check({ password })).toMatchObject({ acceptable: true, violations: [] })
    } finally {
      await setTenant({ minPasswordLength: null })
    }
  })

  it('refuses a breached password with its count, and honours the tenant threshold', async () => {
    const body = await check({ password: BREACHED })
    expect(body.breach).toEqual({ breached: true, count: 42 })
    expect(body.acceptable).toBe(false)
    expect(body.violations).toContainEqual({
      code: 'breached',
      message: 'This password appears in known data breaches (42×); choose another.',
    })
    expect(body.feedback.warning).toBe(en.translations.warnings.pwned)
    await setTenant({ breachCountThreshold: 100 })
    try {
      const lenient = await check({ password: BREACHED })
      expect(lenient.breach).toEqual({ breached: true, count: 42 })
      expect(codes(lenient)).not.toContain('breached')
    } finally {
      await setTenant({ breachCountThreshold: null })
    }
  })

  it('looks up the NFKC form too, so full-width look-alikes of a breached password fail', async () => {
    const fullWidth = 'ｗｅｌｋｏｍ２０２４ｗａｃｈｔｗｏｏｒｄ'
    expect(fullWidth.normalize('NFKC')).toBe(BREACHED_NFKC)
    const body = await check({ password: fullWidth })
    expect(body.breach).toEqual({ breached: true, count: 7 })
    expect(codes(body)).toContain('breached')
  })

  it('refuses passwords containing the username, e-mail parts, names or the service name', async () => {
    const context = { username: 'jdesmet77', email: 'marie.claes@zorgpunt.brussels' }
    const contains = async (password: string, extra: object = {}) =>
      codes(await check({ password, context: { ...context, ...extra } })).includes('context_word')
    expect(await contains('Zonnige JDesmet77 fietst naar huis')).toBe(true)
    expect(await contains('fietsen met claes in de regen')).toBe(true)
    expect(await contains('paarse olifant van Zorgpunt eet')).toBe(true)
    // The TLD is not a context word, nor are tokens shorter than four characters.
    expect(await contains('brussels paarse olifant fietst')).toBe(false)
    expect(await contains('marmot paarse olifant fietst', { names: ['Mar'] })).toBe(false)
    // Names, with leetspeak folded and accents ignored.
    expect(await contains('paarse olifant B3rn4d3tt3 fietst', { names: ['Bernadette'] })).toBe(true)
    expect(await contains('paarse olifant helene fietst', { names: ['Hélène'] })).toBe(true)
    expect(await contains(PASSPHRASE)).toBe(false)
    await setTenant({ serviceName: 'Wachtkamer' })
    try {
      expect(await contains('paarse olifant in de wachtkamer')).toBe(true)
    } finally {
      await setTenant({ serviceName: null })
    }
  })

  it('refuses repetitive and sequential passwords as weak', async () => {
    for (const password of ['aaaaaaaaaaaaaaaaaaaa', '12345678901234567890']) {
      const body = await check({ password })
      expect(codes(body)).toEqual(['weak'])
      expect(body.strength.score).toBeLessThan(3)
      expect(body.feedback.warning).not.toBeNull()
    }
  })

  it('localises feedback and violation messages (nl, fr, de), falling back to en', async () => {
    const password = 'aaaaaaaaaaaaaaaaaaaa'
    const packs = { en, nl: nlBe, fr, de }
    const warnings = new Set<string | null>()
    for (const [locale, pack] of Object.entries(packs)) {
      const body = await check({ password, locale })
      expect(body.feedback.warning).toBe(pack.translations.warnings.simpleRepeat)
      expect(body.feedback.suggestions).toContain(pack.translations.suggestions.repeated)
      warnings.add(body.feedback.warning)
    }
    expect(warnings.size).toBe(4)
    const short = { password: 'aaaa' }
    const message = async (locale: string) =>
      (await check({ ...short, locale })).violations.find((v) => v.code === 'too_short')?.message
    expect(await message('nl')).toBe('Gebruik minstens 15 tekens (dit wachtwoord heeft er 4).')
    expect(await message('fr')).toBe('Utilisez au moins 15 caractères (celui-ci en compte 4).')
    expect(await message('de')).toBe('Verwenden Sie mindestens 15 Zeichen (dieses hat 4).')
    const negotiated = await check(short, { ...auth, 'accept-language': 'fr-BE,nl;q=0.8' })
    expect(negotiated.violations[0]?.message).toMatch(/^Utilisez au moins/)
  })

  it('never echoes or logs the password', async () => {
    const password = 'Zonnige-jdesmet77-fietst'
    const res = await post({ password, context: { username: 'jdesmet77' } })
    expect(await res.text()).not.toContain(password)
    const bad = await post({ password: '€'.repeat(342) })
    expect(await bad.text()).not.toContain('€€')
    expect(t.logger.lines.join('\n')).not.toContain('fietst')
  })
})
