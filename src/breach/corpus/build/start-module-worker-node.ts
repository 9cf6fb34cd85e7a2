import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts the worker entry `name` beside `base` (the caller's import.meta.url). Run from
 * sources (tsx, vitest) the entry is TypeScript and a worker does not inherit the parent's
 * loader (`--import tsx` in execArgv is ignored by Node 20 workers), so a two-line bootstrap
 * registers tsx first; built, the `.js` entry starts as is.
 */
export function startModuleWorker(base: string, name: string, options: WorkerOptions): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, base), options)
  const entry = new URL(`./${name}.ts`, base).href
  // require.resolve picks tsx's CommonJS build, whose register() cannot load its own hooks
  // from a worker; the ESM build sits beside it.
  const api = createRequire(base)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs')
  const tsx = pathToFileURL(api).href
  const bootstrap = `import(${JSON.stringify(tsx)})
    .then((api) => { api.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}
