/** Uppercase hex SHA-1 of the UTF-8 bytes, through WebCrypto: the digest never leaves the page. */
export async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  let hex = ''
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0')
  return hex.toUpperCase()
}
