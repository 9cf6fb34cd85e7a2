import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100

function stat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may hold spaces; fields restart after its closing parenthesis.
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return null
  }
}

/** CPU milliseconds the processes have used so far (user + system). */
export function processCpuMs(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    const fields = stat(pid)
    if (fields) ticks += Number(fields[11]) + Number(fields[12])
  }
  return (ticks * 1000) / TICKS
}

/**
 * CPU milliseconds a PostgreSQL server has used: the postmaster listening on `port`, the
 * backends alive now, and (through the postmaster's reaped-children times) those that exited.
 */
export function postgresCpuMs(port: number): number {
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
  const postmaster = pids.find((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      return argv[0]!.endsWith('/postgres') && argv[argv.indexOf('-p') + 1] === String(port)
    } catch {
      return false
    }
  })
  if (postmaster === undefined) return 0
  const own = stat(postmaster)!
  const reaped = Number(own[13]) + Number(own[14])
  const children = pids.filter((pid) => stat(pid)?.[1] === String(postmaster))
  return processCpuMs([postmaster, ...children]) + (reaped * 1000) / TICKS
}
