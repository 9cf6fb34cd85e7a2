/**
 * Figures: the Worker runtime against the Node entry, measured on this machine in one run.
 *
 *   npx tsx scripts/bench/worker.ts [--hashes 20] [--requests 200] [--corpus 1000000]
 *
 * 1. argon2id, OWASP parameters: @phi-ag/argon2's WASM inside workerd (`wrangler dev` of a tiny
 *    entry around src/hashing/wasm-argon2-hasher.ts) vs @node-rs/argon2 on Node, hashes/s.
 *    workerd freezes its clocks during compute, so the Worker side is timed from outside: a
 *    request doing N hashes minus a request doing none.
 * 2. Latency of `/health`, `/range/{prefix}` and `POST /v1/passwords/check` on the local Worker
 *    (`wrangler dev --local`: workerd, local D1 and R2 seeded with `wrangler d1 migrations apply`
 *    and `wrangler r2 object put`, as in the deploy guide) vs the Node entry (src/entry/node.ts)
 *    over the same corpus. Sequential requests over loopback; p50 and mean per side.
 *
 * 3. The Worker's check with the corpus filter in the isolate vs range reads alone
 *    (PWGUARD_FILTER_MAX_BYTES=0), over a corpus the size of the default one: first request
 *    (isolate start, filter or index load) and warm p50.
 *
 * One JSON line per figure, each with a ratio (worker / node; for argon2, node-native hashes/s
 * over WASM hashes/s). Local workerd is not Cloudflare's edge: R2 and D1 are local files here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { hash } from '@node-rs/argon2'
import { buildFileCorpus } from '../../src/breach/corpus/build/file-corpus-builder-node.js'
import {
  HASH_MODES,
  MANIFEST_FILE,
  dataFile,
  indexFile,
} from '../../src/breach/corpus/corpus-format.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'

const ROOT = resolve(import.meta.dirname, '../..')
const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler')
const WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
}
const SECRET = 'bench-secret-bench-secret-bench-secret!'
const ADMIN_KEY = 'pwg_bench_admin-key-for-the-worker-bench'
const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure))
const round = (value: number, places = 2) => Number(value.toFixed(places))

function wrangler(args: string[], cwd = ROOT) {
  const run = spawnSync(WRANGLER, args, {
    cwd,
    env: { ...process.env, ...WRANGLER_ENV },
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`wrangler ${args.join(' ')}:\n${run.stderr}${run.stdout}`)
}

/** Starts a server child and resolves with its base URL once `ready` matches its output. */
function start(command: string[], options: { cwd: string; env: object; ready: RegExp }) {
  const [file = 'node', ...args] = command
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: { ...process.env, ...WRANGLER_ENV, ...options.env },
    detached: true,
  })
  return new Promise<{ url: string; child: ChildProcess }>((resolveUrl, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`no start within 90 s:\n${output}`)), 90_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = options.ready.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveUrl({ url: match[1] ?? '', child })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)))
  })
}

function stop(child: ChildProcess) {
  child.removeAllListeners('exit')
  // The whole process group: wrangler and its workerd.
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM')
  } catch {
    // Already gone.
  }
}

function freePort(): number {
  return 20_000 + Math.floor(Math.random() * 20_000)
}

/** Sequential request latency in ms: p50 and mean over `count` requests after 20 warm-ups. */
async function latency(url: string, init: RequestInit, count: number) {
  for (let i = 0; i < 20; i++) await (await fetch(url, init)).arrayBuffer()
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    const res = await fetch(url, init)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return {
    p50: times[Math.floor(times.length / 2)] ?? 0,
    mean: times.reduce((sum, time) => sum + time, 0) / times.length,
  }
}

async function argon2Figure(dir: string, hashes: number) {
  const entry = join(dir, 'argon2-entry.ts')
  writeFileSync(
    entry,
    [
      `import wasm from '${ROOT}/node_modules/@phi-ag/argon2/dist/argon2.wasm'`,
      `import { createWasmArgon2Hasher } from '${ROOT}/src/hashing/wasm-argon2-hasher.ts'`,
      `const hasher = createWasmArgon2Hasher(wasm, ${JSON.stringify(OWASP_ARGON2ID)})`,
      'export default {',
      '  async fetch(request: Request) {',
      "    const n = Number(new URL(request.url).searchParams.get('n'))",
      "    let last = ''",
      '    for (let i = 0; i < n; i++) last = await hasher.hash(`password ${i}`)',
      '    return new Response(last)',
      '  },',
      '}',
    ].join('\n'),
  )
  const port = freePort()
  const { url, child } = await start(
    [
      WRANGLER,
      'dev',
      entry,
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--compatibility-date',
      '2026-05-03',
      '--compatibility-flags',
      'nodejs_compat',
      '--show-interactive-dev-session=false',
      '--persist-to',
      join(dir, 'argon2-state'),
    ],
    { cwd: dir, env: {}, ready: /Ready on (http:\/\/[^\s]+)/ },
  )
  try {
    const timeRequest = async (n: number) => {
      const started = performance.now()
      const text = await (await fetch(`${url}/?n=${n}`)).text()
      if (n > 0 && !text.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')) throw new Error(text)
      return performance.now() - started
    }
    await timeRequest(2)
    const overhead = Math.min(await timeRequest(0), await timeRequest(0), await timeRequest(0))
    const workerMs = (await timeRequest(hashes)) - overhead
    const nodeStarted = performance.now()
    for (let i = 0; i < hashes; i++) {
      await hash(`password ${i}`, {
        memoryCost: OWASP_ARGON2ID.memoryKib,
        timeCost: OWASP_ARGON2ID.iterations,
        parallelism: OWASP_ARGON2ID.parallelism,
      })
    }
    const nodeMs = performance.now() - nodeStarted
    const workerRate = (hashes * 1000) / workerMs
    const nodeRate = (hashes * 1000) / nodeMs
    emit({
      figure: 'argon2id_owasp_hashes_per_s',
      params: OWASP_ARGON2ID,
      hashes,
      workerd_wasm: round(workerRate),
      node_native: round(nodeRate),
      workerd_ms_per_hash: round(workerMs / hashes, 1),
      node_ms_per_hash: round(nodeMs / hashes, 1),
      ratio_node_over_worker: round(nodeRate / workerRate),
    })
  } finally {
    stop(child)
  }
}

/** A corpus of `size` passwords (the default corpus has ~1 M: a ~1.8 MB filter). */
function buildCorpus(dir: string, size: number) {
  const list = join(dir, 'passwords.txt')
  const words = ['password:3861493', '123456:37359195']
  for (let i = 0; i < size; i++) words.push(`bench-password-${i}`)
  writeFileSync(list, `${words.join('\n')}\n`)
  const out = join(dir, 'corpus')
  const manifest = buildFileCorpus({
    out,
    sources: [{ kind: 'passwords', path: list, withCounts: true }],
    fpr: 0.001,
    progress: { phase: () => {}, update: () => {}, end: () => {} },
  })
  const files = [MANIFEST_FILE, manifest.filter.file]
  for (const mode of HASH_MODES) {
    if (manifest.modes[mode]) files.push(indexFile(mode), dataFile(mode))
  }
  return { out, files, filterBytes: manifest.files[manifest.filter.file]?.bytes ?? 0 }
}

/** The deploy guide's storage steps, against local D1 and R2 under `state`. */
function seedLocalStorage(state: string, corpus: { out: string; files: string[] }) {
  wrangler(['d1', 'migrations', 'apply', 'pwguard', '--local', '--persist-to', state])
  for (const name of corpus.files) {
    const file = join(corpus.out, name)
    const target = `pwguard-corpus/${name}`
    wrangler(['r2', 'object', 'put', target, '--file', file, '--local', '--persist-to', state])
  }
}

const VARS = { PWGUARD_SECRET: SECRET, PWGUARD_BOOTSTRAP_KEY: ADMIN_KEY, PWGUARD_LOG: 'silent' }

/** `npm run dev:worker` on a free port with the bench's secrets (and any extra vars). */
function startWorker(state: string, extra: Record<string, string> = {}) {
  const vars = Object.entries({ ...VARS, ...extra }).flatMap(([k, v]) => ['--var', `${k}:${v}`])
  const port = String(freePort())
  const options = ['--port', port, '--ip', '127.0.0.1', '--persist-to', state]
  return start(
    [WRANGLER, 'dev', '--local', ...options, '--show-interactive-dev-session=false', ...vars],
    {
      cwd: ROOT,
      env: {},
      ready: /Ready on (http:\/\/[^\s]+)/,
    },
  )
}

/** The Node entry (src/entry/node.ts) over the same corpus folder, a fresh SQLite file. */
async function startNode(dir: string, corpusDir: string) {
  const port = freePort()
  const env = { ...VARS, PWGUARD_LOG: 'info', PORT: String(port), HOST: '127.0.0.1' }
  const { child } = await start([join(ROOT, 'node_modules/.bin/tsx'), 'src/entry/node.ts'], {
    cwd: ROOT,
    env: { ...env, PWGUARD_DB: join(dir, 'node.db'), PWGUARD_CORPUS: corpusDir },
    ready: /"pwguard listening"/,
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

const CHECK: RequestInit = {
  method: 'POST',
  headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({ password: 'Velvet-Tractor-Quinoa-Lighthouse-Mango-Seventeen' }),
}

/** Time of one request (the first after start-up: isolate start, corpus open). */
async function once(url: string, init: RequestInit) {
  const started = performance.now()
  const res = await fetch(url, init)
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
  return performance.now() - started
}

async function latencyFigures(workerUrl: string, nodeUrl: string, requests: number) {
  const cases: [string, string, RequestInit][] = [
    ['health', '/health', {}],
    ['range', '/range/5BAA6', {}],
    ['check', '/v1/passwords/check', CHECK],
  ]
  for (const [name, path, init] of cases) {
    // Node before and after the Worker: the better of the two, so noise favours the baseline.
    const nodeFirst = await latency(`${nodeUrl}${path}`, init, requests)
    const worker = await latency(`${workerUrl}${path}`, init, requests)
    const nodeSecond = await latency(`${nodeUrl}${path}`, init, requests)
    const node = nodeFirst.p50 <= nodeSecond.p50 ? nodeFirst : nodeSecond
    emit({
      figure: `latency_${name}_ms`,
      path,
      requests,
      worker_p50: round(worker.p50, 3),
      worker_mean: round(worker.mean, 3),
      node_p50: round(node.p50, 3),
      node_mean: round(node.mean, 3),
      ratio_worker_over_node_p50: round(worker.p50 / node.p50),
    })
  }
}

async function routeFigures(dir: string, requests: number, size: number) {
  const corpus = buildCorpus(dir, size)
  const state = join(dir, 'worker-state')
  seedLocalStorage(state, corpus)
  const worker = await startWorker(state)
  const node = await startNode(dir, corpus.out)
  try {
    const filterCold = await once(`${worker.url}/v1/passwords/check`, CHECK)
    await latencyFigures(worker.url, node.url, requests)
    const filterWarm = await latency(`${worker.url}/v1/passwords/check`, CHECK, requests)
    stop(worker.child)
    const rangeOnly = await startWorker(state, { PWGUARD_FILTER_MAX_BYTES: '0' })
    try {
      const rangeCold = await once(`${rangeOnly.url}/v1/passwords/check`, CHECK)
      const rangeWarm = await latency(`${rangeOnly.url}/v1/passwords/check`, CHECK, requests)
      emit({
        figure: 'worker_check_filter_vs_range_only_ms',
        corpus_passwords: size + 2,
        filter_bytes: corpus.filterBytes,
        filter_first_request: round(filterCold, 1),
        range_only_first_request: round(rangeCold, 1),
        filter_p50: round(filterWarm.p50, 3),
        range_only_p50: round(rangeWarm.p50, 3),
        ratio_range_only_over_filter_p50: round(rangeWarm.p50 / filterWarm.p50),
      })
    } finally {
      stop(rangeOnly.child)
    }
  } finally {
    stop(worker.child)
    stop(node.child)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-worker-'))
try {
  await argon2Figure(dir, flag('hashes', 20))
  await routeFigures(dir, flag('requests', 200), flag('corpus', 1_000_000))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
