/** Structured log sink. Fields carry ids and counts, never passwords, hashes, keys or e-mails. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** JSON-lines logger over any write function (stdout on Node, console on Workers). */
export function createJsonLogger(write: (line: string) => void, now = () => new Date()): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ time: now().toISOString(), level, message, ...fields }))
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  }
}

/** Collects log lines in memory; tests read them to prove nothing secret is logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, ...createJsonLogger((line) => lines.push(line)) }
}
