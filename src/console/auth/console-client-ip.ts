import type { Context } from 'hono'
import { ipThrottleSubject } from '../../accounts/client-address.js'

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } }
}

/**
 * The address a console sign-in counts against: the TCP peer on Node (@hono/node-server's
 * `incoming`), else `CF-Connecting-IP`, which Cloudflare sets and a client cannot. The header
 * is never read on Node, where any client could send it. Behind a reverse proxy on Node the
 * proxy's address is the one counted. Null when there is none (an in-process request).
 */
export function consoleClientIp(c: Context): string | null {
  const env = c.env as NodeBindings | undefined
  const peer = env?.incoming?.socket?.remoteAddress
  const address = env?.incoming ? peer : c.req.header('cf-connecting-ip')
  return address ? ipThrottleSubject(address) : null
}
