import { describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { sha1Hex } from '../../src/breach/sha1-hex.js'
import { countCodePoints } from '../../src/policy/normalize-password.js'
import { createPasswordChecker } from '../../src/policy/create-password-checker.js'
import { foldForMatching } from '../../src/policy/context-words.js'
import type { TenantPolicy } from '../../src/policy/resolve-policy.js'

/** The checker as account creation and password change call it: no HTTP, no database. */
describe('createPasswordChecker', () => {
  const settings = {
    rangePublic: true,
    maxBodyBytes: 65_536,
    maxImportBytes: 65_536,
    policy: { minLength: 15, minScore: 3, breachThreshold: 1 },
    secret: new Uint8Array(32),
  }
  const tenant = (overrides: Partial<TenantPolicy>): TenantPolicy => ({
    serviceName: null,
    minPasswordLength: null,
    minStrengthScore: null,
    breachCountThreshold: null,
    ...overrides,
  })

  it('applies the tenant policy and reports every violation at once', async () => {
    const corpus = createMemoryCorpus([{ sha1: await sha1Hex('Monique1987'), count: 3 }])
    const check = createPasswordChecker({ corpus, settings })
    const strict = await check({ password: 'Monique1987', locale: 'de', tenant: null })
    expect(strict.violations.map((v) => v.code)).toEqual(['too_short', 'breached', 'weak'])
    expect(strict.violations[1]?.message).toMatch(/Datenlecks aufgetaucht \(3×\)/)
    const lenient = await check({
      password: 'Monique1987',
      tenant: tenant({ minPasswordLength: 8, breachCountThreshold: 5, minStrengthScore: 1 }),
    })
    expect(lenient).toMatchObject({ acceptable: true, breach: { breached: true, count: 3 } })
  })

  it('refuses the service name of the tenant as a context word', async () => {
    const check = createPasswordChecker({ corpus: createMemoryCorpus(), settings })
    const password = 'paarse olifant in de w4chtk4m3r'
    const plain = await check({ password, tenant: null })
    const named = await check({ password, tenant: tenant({ serviceName: 'Wachtkamer' }) })
    expect(plain.violations).toEqual([])
    expect(named.violations).toEqual([
      { code: 'context_word', message: 'It contains the name of this site.' },
    ])
  })

  it('counts code points and folds leetspeak and accents the same on both sides', () => {
    expect(countCodePoints('🐘é\u0301a')).toBe(4)
    expect(foldForMatching('Ĥ3ll0 W0rld!')).toBe(foldForMatching('hello world|'))
    expect(foldForMatching('Ｗａｃｈｔ')).toBe('wacht')
  })
})
