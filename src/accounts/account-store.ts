import type { AccountRow } from '../store/ports/account-store.js'

export type { AccountRow }

/** The reasons an account must reset, from their stored JSON (unreadable: none). */
export function parseReasons(row: Pick<AccountRow, 'resetReasons'>): string[] {
  try {
    const parsed: unknown = JSON.parse(row.resetReasons)
    return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string') : []
  } catch {
    return []
  }
}
