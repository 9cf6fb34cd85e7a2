import { createHash } from 'node:crypto'
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openFileCorpus } from '../../../src/breach/corpus/read/open-file-corpus-node.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'
import { runPwguard, tempDir } from './corpus-cli-kit.js'

let pristine = ''

beforeAll(async () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'list.txt'), 'password\n123456\nletmein\nhunter2\n')
  pristine = join(dir, 'corpus')
  const result = await runPwguard([
    'corpus',
    'build',
    '--out',
    pristine,
    '--passwords',
    join(dir, 'list.txt'),
  ])
  expect(result.code).toBe(0)
})

/** A damaged copy of the pristine corpus. */
function damaged(damage: (dir: string) => void): string {
  const dir = join(tempDir(), 'corpus')
  cpSync(pristine, dir, { recursive: true })
  damage(dir)
  return dir
}

const open = (dir: string) => () => openFileCorpus({ dir, logger: createMemoryLogger() })

/** Rewrites a manifest entry's checksum so only the structural check can catch the damage. */
function resealChecksum(dir: string, name: string) {
  const manifestFile = join(dir, 'manifest.json')
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
  const bytes = readFileSync(join(dir, name))
  manifest.files[name] = {
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
  writeFileSync(manifestFile, JSON.stringify(manifest))
}

function expectStartupError(dir: string, problem: RegExp) {
  let error: (Error & { code?: string }) | undefined
  try {
    open(dir)()
  } catch (caught) {
    error = caught as Error & { code?: string }
  }
  expect(error?.code).toBe('PWGUARD_STARTUP')
  expect(error?.message).toMatch(problem)
  expect(error?.message).toMatch(/pwguard corpus build --out/)
  expect(error?.message).toMatch(/delete the folder/)
}

describe('openFileCorpus start-up checks', () => {
  it('opens the pristine corpus', () => {
    const corpus = open(pristine)()
    expect(corpus.manifest.modes.sha1?.hashCount).toBe(4)
    corpus.reader.close()
  })

  it('refuses a truncated data file', () => {
    const dir = damaged((d) => truncateSync(join(d, 'sha1.dat'), 30))
    expectStartupError(dir, /sha1\.dat is 30 bytes, the manifest says/)
  })

  it('refuses a flipped byte by checksum', () => {
    const dir = damaged((d) => {
      const bytes = readFileSync(join(d, 'ntlm.dat'))
      bytes[20] = (bytes[20] ?? 0) ^ 0xff
      writeFileSync(join(d, 'ntlm.dat'), bytes)
    })
    expectStartupError(dir, /ntlm\.dat fails its sha256 checksum/)
  })

  it('refuses a missing file', () => {
    expectStartupError(
      damaged((d) => rmSync(join(d, 'sha1.idx'))),
      /sha1\.idx is missing/,
    )
    expectStartupError(
      damaged((d) => rmSync(join(d, 'manifest.json'))),
      /manifest\.json is missing/,
    )
  })

  it('refuses a manifest that does not match the filter', () => {
    const dir = damaged((d) => {
      const manifest = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'))
      manifest.filter.hashes += 1
      writeFileSync(join(d, 'manifest.json'), JSON.stringify(manifest))
    })
    expectStartupError(dir, /filter\.bin has \d+ bits and \d+ hashes, the manifest says/)
  })

  it('refuses an invalid or foreign manifest', () => {
    expectStartupError(
      damaged((d) => writeFileSync(join(d, 'manifest.json'), '{oops')),
      /not valid JSON/,
    )
    expectStartupError(
      damaged((d) =>
        writeFileSync(join(d, 'manifest.json'), '{"format":"pwguard-corpus","formatVersion":99}'),
      ),
      /format version 99/,
    )
  })

  it('refuses a bad magic at start-up, a non-monotonic index at verify and on read', async () => {
    const badMagic = damaged((d) => {
      const bytes = readFileSync(join(d, 'sha1.dat'))
      bytes.write('NOTMAGIC', 0, 'latin1')
      writeFileSync(join(d, 'sha1.dat'), bytes)
      resealChecksum(d, 'sha1.dat')
    })
    expectStartupError(badMagic, /sha1\.dat has a bad header/)
    const unordered = damaged((d) => {
      const bytes = readFileSync(join(d, 'sha1.idx'))
      bytes.writeUInt32LE(3, 16 + 100 * 8)
      writeFileSync(join(d, 'sha1.idx'), bytes)
      resealChecksum(d, 'sha1.idx')
    })
    // Start-up opens the index in O(1); the damaged prefix is refused, never misread.
    const corpus = openFileCorpus({ dir: unordered, logger: createMemoryLogger() })
    await expect(corpus.reader.read('sha1', '00064')).rejects.toThrow(/index decreases/)
    corpus.reader.close()
    const verify = await runPwguard(['corpus', 'verify', '--dir', unordered])
    expect(verify.code).toBe(1)
    expect(verify.stderr).toMatch(/sha1\.idx is not monotonic at prefix 65/)
  })

  it('pwguard corpus verify passes a good corpus and fails a damaged one', async () => {
    const good = await runPwguard(['corpus', 'verify', '--dir', pristine])
    expect(good.code).toBe(0)
    expect(good.stdout).toMatch(/is intact: 9 files, 4 SHA-1 hashes/)
    const dir = damaged((d) => writeFileSync(join(d, 'filter.bin'), Buffer.alloc(41)))
    const bad = await runPwguard(['corpus', 'verify', '--dir', dir])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/filter\.bin is 41 bytes/)
  })
})
