import type { ConsoleAuthStore, ConsoleUserRow } from '../../store/ports/console-auth-store.js'

export type { ConsoleUserRow } from '../../store/ports/console-auth-store.js'

/** The tenant's console user with this e-mail blind index, or null. */
export function findConsoleUser(
  consoleAuth: ConsoleAuthStore,
  tenantId: string,
  emailIndex: string,
): Promise<ConsoleUserRow | null> {
  return consoleAuth.findUser(tenantId, emailIndex)
}

export function findConsoleUserById(consoleAuth: ConsoleAuthStore, id: string) {
  return consoleAuth.findUserById(id)
}

/**
 * Records an accepted TOTP step and the login time. A compare-and-swap on the last step: two
 * logins racing with the same code cannot both win.
 */
export function consumeTotpStep(
  consoleAuth: ConsoleAuthStore,
  input: { id: string; step: number; now: number },
): Promise<boolean> {
  return consoleAuth.consumeTotpStep(input)
}
