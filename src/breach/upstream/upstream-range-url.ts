/**
 * The URL for one prefix. `PWGUARD_UPSTREAM_RANGE_URL` may be a base
 * (`https://api.pwnedpasswords.com`), the range endpoint itself (`https://host/range/`), or a
 * template with `{prefix}`; query strings are kept.
 */
export function upstreamRangeUrl(base: string, prefix: string): string {
  if (base.includes('{prefix}')) return base.replace('{prefix}', prefix)
  const url = new URL(base)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith('/range') ? `${path}/${prefix}` : `${path}/range/${prefix}`
  return url.toString()
}
