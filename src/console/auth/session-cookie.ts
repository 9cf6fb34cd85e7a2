import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'

/**
 * `__Host-` binds the cookie to this exact origin over HTTPS (no Domain, Path=/). Over plain
 * HTTP it cannot be set, so loopback development uses the bare name without Secure.
 */
const SECURE_NAME = '__Host-pwguard_console'
const LOOPBACK_NAME = 'pwguard_console'

/** Secure may be relaxed only for http://localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url)
  if (protocol !== 'http:') return false
  return hostname === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]'
}

const cookieName = (c: Context) => (isLoopbackHttp(c.req.url) ? LOOPBACK_NAME : SECURE_NAME)

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, cookieName(c))
}

export function writeSessionCookie(c: Context, sessionId: string): void {
  setCookie(c, cookieName(c), sessionId, {
    path: '/',
    httpOnly: true,
    // Strict: the browser never sends the session on a request another site started.
    sameSite: 'Strict',
    secure: !isLoopbackHttp(c.req.url),
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, cookieName(c), { path: '/', secure: !isLoopbackHttp(c.req.url) })
}
