import { beforeAll, describe, expect, it } from 'vitest'
import { worker } from './worker-app.js'
import { openR2RangeReader } from '../../src/breach/corpus/read/r2-range-reader.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

// The corpus upload, as the deploy guide does it with `wrangler r2 object put`.
beforeAll(() => seedCorpus())

// GET /range through the Worker entry, served from the R2 bucket seeded above with a corpus
// built by the Node builder from "password:3861493", "123456:37359195", "letmein:1", ...
const range = (path: string, init?: RequestInit) =>
  worker().fetch(`http://pwguard.test${path}`, init)

// SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8; NTLM = 8846F7EAEE8FB117AD06BDD830B7586C.
describe('Worker entry: GET /range from R2', () => {
  it('serves a SHA-1 range with counts, as HIBP does', async () => {
    const res = await range('/range/5baa6')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const rows = (await res.text()).split('\r\n')
    expect(rows).toContain('1E4C9B93F3F0682250B6CF8331B7EE68FD8:3861493')
  })

  it('serves the NTLM range with ?mode=ntlm', async () => {
    const text = await (await range('/range/8846F?mode=ntlm')).text()
    expect(text.split('\r\n')).toContain('7EAEE8FB117AD06BDD830B7586C:3861493')
  })

  it('answers an empty prefix with an empty body and pads on request', async () => {
    const empty = await range('/range/00000')
    expect(empty.status).toBe(200)
    expect(await empty.text()).toBe('')
    const padded = (
      await (await range('/range/5BAA6', { headers: { 'Add-Padding': 'true' } })).text()
    ).split('\r\n')
    expect(padded.length).toBeGreaterThanOrEqual(800)
    expect(padded).toContain('1E4C9B93F3F0682250B6CF8331B7EE68FD8:3861493')
    expect(padded.filter((row) => !row.endsWith(':0'))).toHaveLength(1)
  })

  it('refuses a bad prefix with 400', async () => {
    expect((await range('/range/XYZ12')).status).toBe(400)
  })
})

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe('R2 range reader', () => {
  it('reads the same rows with the index in memory or by ranged reads', async () => {
    const inMemory = await openR2RangeReader(testEnv.CORPUS, { index: 'memory' })
    const ranged = await openR2RangeReader(testEnv.CORPUS, { index: 'range' })
    expect([...inMemory.modes].sort()).toEqual(['ntlm', 'sha1'])
    for (const prefix of ['5BAA6', '7C4A8', '00000', 'FFFFF']) {
      expect(await ranged.read('sha1', prefix)).toEqual(await inMemory.read('sha1', prefix))
    }
    // SHA-1("123456") = 7C4A8D09CA3762AF61E59520943DC26494F8941B
    expect(await inMemory.read('sha1', '7C4A8')).toEqual([
      { suffix: 'D09CA3762AF61E59520943DC26494F8941B', count: 37_359_195 },
    ])
    expect(new TextDecoder().decode(await ranged.readBody('sha1', '7C4A8'))).toBe(
      'D09CA3762AF61E59520943DC26494F8941B:37359195',
    )
    expect(inMemory.maxRangeRows('sha1')).toBeGreaterThanOrEqual(1)
  })

  it('serves the preformatted bodies, or formats the records when only those were uploaded', async () => {
    const withBodies = await openR2RangeReader(testEnv.CORPUS, { index: 'memory' })
    expect(Object.keys(withBodies.manifest.files)).toContain('sha1.bidx')
    // The deploy guide's minimal upload: no `*.body`/`*.bidx` (optional), same manifest.
    for (const name of testEnv.TEST_CORPUS_FILES.filter((n) => !/\.b(ody|idx)$/.test(n))) {
      const object = await testEnv.CORPUS.get(name)
      await testEnv.CORPUS.put(`records-only/${name}`, await object!.arrayBuffer())
    }
    const recordsOnly = await openR2RangeReader(testEnv.CORPUS, { prefix: 'records-only/' })
    for (const [mode, prefix] of [
      ['sha1', '5BAA6'],
      ['sha1', '00000'],
      ['ntlm', '8846F'],
    ] as const) {
      const expected = text(await withBodies.readBody(mode, prefix))
      expect(text(await recordsOnly.readBody(mode, prefix))).toBe(expected)
    }
    expect(text(await withBodies.readBody('sha1', '5BAA6'))).toContain(
      '1E4C9B93F3F0682250B6CF8331B7EE68FD8:3861493',
    )
  })

  it('refuses a corrupt body index instead of formatting around it', async () => {
    for (const name of testEnv.TEST_CORPUS_FILES) {
      const object = await testEnv.CORPUS.get(name)
      await testEnv.CORPUS.put(`badbody/${name}`, await object!.arrayBuffer())
    }
    await testEnv.CORPUS.put('badbody/sha1.bidx', new Uint8Array(64))
    const reader = await openR2RangeReader(testEnv.CORPUS, { prefix: 'badbody/' })
    await expect(reader.readBody('sha1', '5BAA6')).rejects.toThrow(/not a pwguard range index/)
  })

  it('refuses a bucket without a corpus, or with a corrupt index', async () => {
    await expect(openR2RangeReader(testEnv.CORPUS, { prefix: 'absent/' })).rejects.toThrow(
      /no absent\/manifest\.json/,
    )
    const manifest = await (await testEnv.CORPUS.get('manifest.json'))!.arrayBuffer()
    await testEnv.CORPUS.put('broken/manifest.json', manifest)
    await testEnv.CORPUS.put('broken/sha1.idx', new Uint8Array(64))
    const reader = await openR2RangeReader(testEnv.CORPUS, { prefix: 'broken/' })
    await expect(reader.read('sha1', '5BAA6')).rejects.toThrow(/not a pwguard range index/)
  })
})
