import pg from 'pg'
import { LIVE_CHANNEL } from './pg-live-schema.js'

/** `null`: anything may have changed (shared additions, or a gap while disconnected). */
export type LiveChange = (tenantId: string | null) => void

export interface PgLiveWatchOptions {
  url: string
  /** Safety-net poll: a change is reported at least this often even if no NOTIFY arrives. */
  pollMs: number
  /** First reconnect delay after the LISTEN connection drops; doubles up to 5 s. */
  reconnectMs: number
}

/**
 * One LISTEN connection per instance, shared by every watcher. A NOTIFY sent in the adding
 * transaction arrives when it commits, so other instances hear of an addition within a round
 * trip. PostgreSQL does not queue notifications for a session that is gone, so after every
 * (re)connect the watchers are told "anything may have changed" and replay from their cursor;
 * the poll covers what neither path sees (a pooler in transaction mode drops LISTEN silently).
 */
export function createPgLiveWatch({ url, pollMs, reconnectMs }: PgLiveWatchOptions) {
  const listeners = new Set<LiveChange>()
  let client: pg.Client | null = null
  let timer: ReturnType<typeof setInterval> | null = null
  let delay = reconnectMs
  const emit = (tenantId: string | null) => {
    for (const listener of listeners) listener(tenantId)
  }
  const drop = (dropped: pg.Client) => {
    if (client !== dropped) return
    client = null
    void dropped.end().catch(() => {})
    if (listeners.size === 0) return
    setTimeout(() => void connect(), delay).unref()
    delay = Math.min(delay * 2, 5_000)
  }
  const connect = async () => {
    if (client || listeners.size === 0) return
    const next = new pg.Client({ connectionString: url, application_name: 'pwguard-live-listen' })
    client = next
    next.on('notification', (message) => emit(message.payload ? message.payload : null))
    // A lost connection must not crash the process: it is re-opened, and the gap replayed.
    next.on('error', () => drop(next))
    next.on('end', () => drop(next))
    try {
      await next.connect()
      await next.query(`LISTEN ${LIVE_CHANNEL}`)
      delay = reconnectMs
      emit(null)
    } catch {
      drop(next)
    }
  }
  const stop = () => {
    if (timer) clearInterval(timer)
    timer = null
    const open = client
    client = null
    void open?.end().catch(() => {})
  }
  return {
    watch(onChange: LiveChange): () => void {
      listeners.add(onChange)
      if (!timer) {
        timer = setInterval(() => emit(null), pollMs)
        timer.unref()
      }
      void connect()
      return () => {
        listeners.delete(onChange)
        if (listeners.size === 0) stop()
      }
    },
    close(): void {
      listeners.clear()
      stop()
    },
  }
}
