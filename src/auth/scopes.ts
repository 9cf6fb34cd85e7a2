/** What an API key may do. `admin` implies nothing else: give a key every scope it needs. */
export const SCOPES = ['check', 'login', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

/** Parses `check,login` into scopes; returns null when any name is unknown or the list is empty. */
export function parseScopes(text: string): Scope[] | null {
  const names = text
    .split(/[,\s]+/)
    .map((name) => name.trim())
    .filter(Boolean)
  if (names.length === 0) return null
  const scopes: Scope[] = []
  for (const name of names) {
    if (!(SCOPES as readonly string[]).includes(name)) return null
    if (!scopes.includes(name as Scope)) scopes.push(name as Scope)
  }
  return scopes
}
