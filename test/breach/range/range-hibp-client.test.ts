import { pwnedPassword, pwnedPasswordRange } from 'hibp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { sha1Hex } from '../../../src/breach/sha1-hex.js'
import { createTestApp } from '../../support/test-app.js'
import { serveOnLoopback } from './serve-app.js'

// NTLM("password"), as Windows and HIBP's NTLM corpus compute it.
const NTLM_PASSWORD = '8846F7EAEE8FB117AD06BDD830B7586C'

describe('the npm hibp client against /range', () => {
  let baseUrl = ''
  let close = async () => {}
  let passwordSha1 = ''
  const teardown: (() => unknown)[] = []

  beforeAll(async () => {
    passwordSha1 = await sha1Hex('password')
    const corpus = createMemoryCorpus([
      { sha1: passwordSha1, count: 3, ntlm: NTLM_PASSWORD },
      { sha1: await sha1Hex('hunter2'), count: 17 },
      { sha1: `${passwordSha1.slice(0, 5)}${'0'.repeat(35)}`, count: 2 },
    ])
    const test = createTestApp({ corpus })
    teardown.push(test.close)
    ;({ baseUrl, close } = await serveOnLoopback(test.app.fetch))
  })
  afterAll(async () => {
    await close()
    for (const step of teardown) step()
  })

  it('reports breach counts for corpus passwords and 0 for others', async () => {
    expect(await pwnedPassword('password', { baseUrl })).toBe(3)
    expect(await pwnedPassword('hunter2', { baseUrl })).toBe(17)
    expect(await pwnedPassword('correct horse battery staple 1917', { baseUrl })).toBe(0)
  })

  it('gives the same answers with padding, every range padded to one row count', async () => {
    expect(await pwnedPassword('password', { baseUrl, addPadding: true })).toBe(3)
    expect(await pwnedPassword('zebra-pancake-49', { baseUrl, addPadding: true })).toBe(0)
    const range = await pwnedPasswordRange(passwordSha1.slice(0, 5), { baseUrl, addPadding: true })
    expect(Object.keys(range)).toHaveLength(800)
    // The client keeps `:0` rows as count 0, which reads as "not breached": exactly our 2 real
    // rows carry a count.
    const real = Object.entries(range).filter(([, count]) => count > 0)
    expect(Object.fromEntries(real)).toEqual({ [passwordSha1.slice(5)]: 3, ['0'.repeat(35)]: 2 })
    const empty = await pwnedPasswordRange('FFFFF', { baseUrl, addPadding: true })
    expect(Object.keys(empty)).toHaveLength(800)
    expect(Object.values(empty).every((count) => count === 0)).toBe(true)
  })

  it('returns the unpadded range as suffix → count', async () => {
    const range = await pwnedPasswordRange(passwordSha1.slice(0, 5).toLowerCase(), { baseUrl })
    expect(range).toEqual({ ['0'.repeat(35)]: 2, [passwordSha1.slice(5)]: 3 })
  })

  it('serves NTLM ranges with mode ntlm', async () => {
    const range = await pwnedPasswordRange(NTLM_PASSWORD.slice(0, 5), { baseUrl, mode: 'ntlm' })
    expect(range).toEqual({ [NTLM_PASSWORD.slice(5)]: 3 })
    const padded = await pwnedPasswordRange('00000', { baseUrl, mode: 'ntlm', addPadding: true })
    expect(Object.keys(padded)).toHaveLength(800)
    expect(Object.keys(padded).every((suffix) => /^[0-9A-F]{27}$/.test(suffix))).toBe(true)
  })

  it("rejects bad prefixes with HIBP's message, which the client surfaces", async () => {
    for (const prefix of ['ABCD', 'ABCDEF', 'GHIJK']) {
      await expect(pwnedPasswordRange(prefix, { baseUrl })).rejects.toThrow(
        'The hash prefix was not in a valid format',
      )
    }
  })
})
