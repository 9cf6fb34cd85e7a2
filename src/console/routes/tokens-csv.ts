import type { IssuedReset } from '../../incidents/force-reset.js'

/** Quotes a CSV field when needed (RFC 4180); a leading =+-@ is defused for spreadsheets. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** The one-time reset tokens for the site's mailer: externalId, token, expiresAt. */
export function tokensCsv(tokens: IssuedReset[]): string {
  const lines = ['externalId,token,expiresAt']
  // Tokens are base64url and dates ISO: only the site's own ids need quoting or defusing.
  for (const t of tokens) lines.push([csvField(t.externalId), t.token, t.expiresAt].join(','))
  return `${lines.join('\r\n')}\r\n`
}
