import { createHash, randomBytes } from 'node:crypto'
import { closeSync, openSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  MappedFile,
  loadMmapAddon,
  type MmapAddon,
} from '../../../src/breach/corpus/read/mapped-file-node.js'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { createPromMetrics } from '../../../src/meta/prom-metrics-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { createTestApp } from '../../support/test-app.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

/** Sorted HIBP lines over a few prefixes (7 dense ones, ~60 rows each). */
function hibpFile(dir: string): string {
  const lines = Array.from({ length: 420 }, (_, i) => {
    const prefix = sha1(`pw${i % 7}`).slice(0, 5)
    return `${prefix}${sha1(`row${i}`).slice(5)}`.toUpperCase()
  }).sort()
  const file = join(dir, 'hibp.txt')
  writeFileSync(file, lines.map((line, i) => `${line}:${(i * 7919) % 100_000 || 1}`).join('\r\n'))
  return file
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const prefixes = ['00000', 'FFFFF', ...Array.from({ length: 7 }, (_, i) => sha1(`pw${i}`))].map(
  (hex) => hex.slice(0, 5).toUpperCase(),
)

async function builtCorpus(): Promise<string> {
  const dir = tempDir()
  const out = join(dir, 'corpus')
  const built = await runPwguard(['corpus', 'build', '--out', out, '--hibp', hibpFile(dir)])
  expect(built.code).toBe(0)
  return out
}

const logger = createMemoryLogger()
const TOKEN = 'metrics-token-0123456789'
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')

describe('memory-mapped range bodies (corpus/read/mmap-addon)', () => {
  it('the addon is built by npm ci on this platform', () => {
    // Without it pwguard still answers (one pread per body), but CI must notice a broken build.
    expect(loadMmapAddon(), 'the mmap addon did not build: run `npm run install`').not.toBeNull()
  })

  it('answers the bytes a positional read gives, as views of the mapping, not copies', async () => {
    const dir = await builtCorpus()
    const mapped = openFileCorpus({ dir, logger })
    const read = openFileCorpus({ dir, logger, mmap: null })
    expect([mapped.reader.mapsBodies, read.reader.mapsBodies]).toEqual([true, false])
    const bodyFileBytes = statSync(join(dir, 'sha1.body')).size
    for (const prefix of prefixes) {
      const body = mapped.reader.readBody('sha1', prefix)
      expect(text(body)).toBe(text(read.reader.readBody('sha1', prefix)))
      if (body.byteLength > 0) expect(body.buffer.byteLength).toBe(bodyFileBytes)
    }
    expect(text(mapped.reader.readBody('sha1', prefixes[2]!))).toMatch(
      /^([0-9A-F]{35}:\d+\r\n)+[0-9A-F]{35}:\d+$/,
    )
    read.reader.close()
    // A body still being sent when its reader closes (a corpus switch) stays readable.
    const inFlight = mapped.reader.readBody('sha1', prefixes[3]!)
    const before = text(inFlight)
    mapped.reader.close()
    expect(text(inFlight)).toBe(before)
  })

  it('falls back to reading when a mapping fails, and serves /range the same either way', async () => {
    const dir = await builtCorpus()
    const failing: MmapAddon = {
      map: () => {
        throw new Error('Cannot allocate memory')
      },
      pageSize: () => 4096,
    }
    const broken = openFileCorpus({ dir, logger, mmap: failing })
    const mapped = openFileCorpus({ dir, logger })
    const metrics = createPromMetrics(TOKEN)
    const { app: mappedApp } = createTestApp({ corpus: mapped, deps: { metrics } })
    const { app: brokenApp } = createTestApp({ corpus: broken })
    for (const prefix of prefixes) {
      const [a, b] = await Promise.all(
        [mappedApp, brokenApp].map((app) => app.request(`/range/${prefix}`)),
      )
      expect([a!.status, b!.status]).toEqual([200, 200])
      expect(await a!.text()).toBe(await b!.text())
      expect(a!.headers.get('etag')).toBe(b!.headers.get('etag'))
    }
    // The validators and padding paths are untouched by mapping.
    const first = await mappedApp.request(`/range/${prefixes[4]}`)
    const etag = first.headers.get('etag') ?? ''
    const again = await mappedApp.request(`/range/${prefixes[4]}`, {
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
    const padded = await mappedApp.request(`/range/${prefixes[4]}`, {
      headers: { 'add-padding': 'true' },
    })
    expect((await padded.text()).split('\r\n').length).toBeGreaterThanOrEqual(800)
    // /range traffic stays visible: mapped bodies are counted as such, padded ones by the cache.
    const scrape = { headers: { authorization: `Bearer ${TOKEN}` } }
    const series = await (await mappedApp.request('/metrics', scrape)).text()
    expect(series).toContain(
      `pwguard_range_cache_lookups_total{result="mapped"} ${prefixes.length + 1}`,
    )
    expect(series).toContain('pwguard_range_cache_lookups_total{result="miss"} 1')
    mapped.reader.close()
    broken.reader.close()
  })
})

describe('MappedFile windows', () => {
  const addon = loadMmapAddon()

  it.runIf(addon)('gives any slice inside a window, and null for one past it or the file', () => {
    const mmap = addon as MmapAddon
    const page = mmap.pageSize()
    const bytes = randomBytes(page * 5 + 123)
    const file = join(tempDir(), 'data.bin')
    writeFileSync(file, bytes)
    const fd = openSync(file, 'r')
    try {
      // Windows start every page and reach one page past the next start.
      const mapped = new MappedFile(mmap, fd, page, page)
      const slices: [number, number][] = [
        [0, 10],
        [page - 5, 10], // crosses a window start: still inside the first window's overlap
        [page - 1, page + 1], // ends exactly at the first window's end
        [3 * page + 7, page],
        [bytes.length - 50, 50], // the last, short window
      ]
      for (const [position, length] of slices) {
        const view = mapped.view(position, length)
        expect(view && Buffer.compare(view, bytes.subarray(position, position + length))).toBe(0)
      }
      expect(mapped.view(page - 1, page + 2)).toBeNull() // longer than the overlap allows
      expect(mapped.view(bytes.length - 10, 11)).toBeNull() // past the end of the file
      expect(mapped.view(-1, 4)).toBeNull()
      expect(mapped.view(7, 0)?.byteLength).toBe(0)
      expect(() => new MappedFile(mmap, fd, page + 1, page)).toThrow(/whole pages/)
      expect(() => mmap.map(fd, 1, 10)).toThrow(/page size/)
    } finally {
      closeSync(fd)
    }
  })
})
