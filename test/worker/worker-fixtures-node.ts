import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hash, verify } from '@node-rs/argon2'
import { hash as bcryptHash } from '@node-rs/bcrypt'
import { Response } from 'miniflare'
import { buildFileCorpus } from '../../src/breach/corpus/build/file-corpus-builder-node.js'
import { MANIFEST_FILE } from '../../src/breach/corpus/corpus-format.js'

/** Passwords in the Worker suite's corpus; counts are given as `password:COUNT`. */
export const CORPUS_LINES = ['password:3861493', '123456:37359195', 'letmein:1', 'correct horse:2']

/** Cheap argon2 parameters for the Worker suite (the Node suite uses the same). */
export const WORKER_TEST_ARGON2 = { memoryCost: 8_192, timeCost: 1, parallelism: 1 }

/**
 * Builds a small corpus with the real Node builder, for the Worker suite to upload to its R2
 * bucket. Returns the files as miniflare data-blob bindings (`CORPUS_FILE_<NAME>`) and a
 * cleanup for the temp folder.
 */
export function buildWorkerTestCorpus() {
  const root = mkdtempSync(join(tmpdir(), 'pwguard-worker-corpus-'))
  const list = join(root, 'passwords.txt')
  writeFileSync(list, `${CORPUS_LINES.join('\n')}\n`)
  const out = join(root, 'corpus')
  const manifest = buildFileCorpus({
    out,
    sources: [{ kind: 'passwords', path: list, withCounts: true }],
    fpr: 0.001,
    fprSample: 1_000,
    progress: { phase: () => {}, update: () => {}, end: () => {} },
  })
  // Every file the build wrote (the manifest lists them all, range bodies included).
  const names = [MANIFEST_FILE, ...Object.keys(manifest.files)]
  const blobs: Record<string, string> = {}
  for (const name of names) blobs[corpusBindingName(name)] = join(out, name)
  return { blobs, names, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

/** `sha1.idx` → `CORPUS_FILE_SHA1_IDX`. */
export function corpusBindingName(file: string): string {
  return `CORPUS_FILE_${file.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}

/** argon2 hashes made by the Node adapter, for the Worker to verify. */
export async function nodeArgon2Fixtures(passwords: string[]) {
  return Promise.all(
    passwords.map(async (password) => ({
      password,
      phc: await hash(password, WORKER_TEST_ARGON2),
    })),
  )
}

/**
 * A service binding run in Node: `POST {phc, password}` answers whether @node-rs/argon2
 * verifies it, so a test inside workerd can prove its hashes verify on Node.
 */
export async function nodeArgon2Service(request: { json(): Promise<unknown> }) {
  const { phc, password } = (await request.json()) as { phc: string; password: string }
  const ok = await verify(phc, password).catch(() => false)
  return new Response(JSON.stringify({ ok }), { headers: { 'content-type': 'application/json' } })
}

/** bcrypt hashes made by @node-rs/bcrypt (cost 4: tests), for the Worker's bcryptjs to verify. */
export async function nodeBcryptFixtures(passwords: string[]) {
  return Promise.all(
    passwords.map(async (password) => ({ password, hash: await bcryptHash(password, 4) })),
  )
}

/** A password only the fake upstream knows, and the count it reports. */
export const UPSTREAM_ONLY = { password: 'upstream-only-password-for-the-worker', count: 77 }

/**
 * The suite's outbound network, run in Node: `upstream.test` answers HIBP-style ranges holding
 * UPSTREAM_ONLY (with `:0` padding rows, as HIBP pads), `hooks.test` accepts webhooks; every
 * other host is unreachable.
 */
export async function outboundService(request: { url: string }) {
  const url = new URL(request.url)
  // The webhook receiver: accepts every signed delivery.
  if (url.hostname === 'hooks.test') return new Response('ok')
  if (url.hostname !== 'upstream.test') return new Response('unreachable', { status: 502 })
  const sha1 = createHash('sha1').update(UPSTREAM_ONLY.password).digest('hex').toUpperCase()
  const prefix = url.pathname.slice(-5).toUpperCase()
  const rows = ['0000000000000000000000000000000000A:0']
  if (sha1.startsWith(prefix)) rows.push(`${sha1.slice(5)}:${UPSTREAM_ONLY.count}`)
  return new Response(rows.join('\r\n'), { headers: { 'content-type': 'text/plain' } })
}
