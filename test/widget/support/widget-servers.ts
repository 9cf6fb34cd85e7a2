import { serve } from '@hono/node-server'
import type { ServerType } from '@hono/node-server'
import * as common from '@zxcvbn-ts/language-common'
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppSettings } from '../../../src/app/deps.js'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { createTestApp } from '../../support/test-app.js'

export const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex')

/** Passwords the test corpus holds beyond the common list, with HIBP-like counts. */
export const EXTRA_BREACHED: Record<string, number> = {
  'Wachtkamer2017!': 42,
  'paarse-olifant-fietst-naar-Gent': 3,
  'pässwörd ✓ 密码': 7,
  'correct horse battery staple': 368,
}

/** The first 3000 common passwords (counts descending from 3000) plus EXTRA_BREACHED. */
export function testCorpusPasswords(): Map<string, number> {
  const passwords = new Map<string, number>()
  const list = common.dictionary['passwords-common'].slice(0, 3000)
  list.forEach((password, index) => passwords.set(String(password), 3000 - index))
  for (const [password, count] of Object.entries(EXTRA_BREACHED)) passwords.set(password, count)
  return passwords
}

export interface WidgetServers {
  /** pwguard's origin, e.g. http://127.0.0.1:43121 */
  pwguard: string
  /** The booking site's origin: another host name and port. */
  site: string
  /** Sets the HTML the site serves at `/`. */
  setSitePage(html: string, extraFiles?: Record<string, string>): void
  app: ReturnType<typeof createTestApp>
  /** Every request either server received, as it arrived (method, URL, headers, body). */
  received: ReceivedRequest[]
  close(): Promise<void>
}

export interface ReceivedRequest {
  server: 'pwguard' | 'site'
  method: string
  url: string
  headers: Record<string, string>
  body: string
}

/**
 * The real app on a real port (127.0.0.1) over a memory corpus of breached passwords, and a
 * static "booking site" on another origin (localhost, another port) whose page uses the widget.
 */
export async function startWidgetServers(
  settings: Partial<AppSettings> = {},
): Promise<WidgetServers> {
  const corpus = createMemoryCorpus(
    [...testCorpusPasswords()].map(([password, count]) => ({ sha1: sha1(password), count })),
  )
  const app = createTestApp({ corpus, settings })
  const received: ReceivedRequest[] = []
  const fetch = async (request: Request) => {
    received.push({
      server: 'pwguard',
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.clone().text(),
    })
    return app.app.fetch(request)
  }
  const pwguardServer = await listen((port) => serve({ fetch, port, hostname: '127.0.0.1' }))
  let page = '<!doctype html><title>empty</title>'
  let files: Record<string, string> = {}
  const siteServer = createServer((request, response) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    )
    received.push({
      server: 'site',
      method: request.method ?? '',
      url: request.url ?? '',
      headers,
      body: '',
    })
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const file = files[path]
    if (path === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(page)
    else if (file !== undefined)
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(file)
    else response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => siteServer.listen(0, '127.0.0.1', resolve))
  return {
    pwguard: `http://127.0.0.1:${port(pwguardServer)}`,
    site: `http://localhost:${(siteServer.address() as AddressInfo).port}`,
    setSitePage(html, extraFiles = {}) {
      page = html
      files = extraFiles
    },
    app,
    received,
    async close() {
      await new Promise((resolve) => pwguardServer.close(resolve))
      await new Promise((resolve) => siteServer.close(resolve))
      app.close()
    },
  }
}

function port(server: ServerType): number {
  return (server.address() as AddressInfo).port
}

async function listen(start: (port: number) => ServerType): Promise<ServerType> {
  const server = start(0)
  await new Promise<void>((resolve) => {
    if (server.listening) resolve()
    else server.once('listening', () => resolve())
  })
  return server
}
