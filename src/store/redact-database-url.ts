/** The URL without its password, for messages (the password never reaches a terminal). */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
    return parsed.toString()
  } catch {
    return 'the given database URL'
  }
}
