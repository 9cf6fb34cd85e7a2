/**
 * `Access-Control-Allow-Origin` for a widget asset: `*` when any origin is allowed (the assets
 * are public code and word lists), else the caller's origin when listed, else none (the
 * browser then refuses the module). `Vary: Origin` whenever the answer depends on it.
 */
export function widgetCorsHeaders(
  requestOrigin: string | undefined,
  allowed: readonly string[] = ['*'],
): Record<string, string> {
  if (allowed.includes('*')) return { 'access-control-allow-origin': '*' }
  if (requestOrigin !== undefined && allowed.includes(requestOrigin)) {
    return { 'access-control-allow-origin': requestOrigin, vary: 'Origin' }
  }
  return { vary: 'Origin' }
}
