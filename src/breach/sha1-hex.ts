/** Uppercase hex SHA-1 of the UTF-8 password, as HIBP's corpus stores it (no normalization). */
export async function sha1Hex(password: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(password))
  let hex = ''
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0')
  return hex.toUpperCase()
}
