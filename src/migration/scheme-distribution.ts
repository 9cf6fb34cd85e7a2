/** How a tenant's stored hashes are spread: what an admin watches while the migration runs. */
export interface SchemeDistribution {
  total: number
  /** Plain argon2id over the password (the end state; any parameters). */
  argon2id: number
  /** argon2id over a legacy digest, waiting for the next login. */
  wrapped: { total: number; byInner: Record<string, number> }
  /** Everything else, by family (crypt, digest, ldap, …) and by scheme. */
  legacy: { total: number; byFamily: Record<string, number>; byScheme: Record<string, number> }
}

/** Groups scheme counts into plain argon2id, wrapped and legacy. */
export function summarizeSchemes(counts: Record<string, number>): SchemeDistribution {
  const result: SchemeDistribution = {
    total: 0,
    argon2id: 0,
    wrapped: { total: 0, byInner: {} },
    legacy: { total: 0, byFamily: {}, byScheme: {} },
  }
  const add = (map: Record<string, number>, key: string, n: number) => {
    map[key] = (map[key] ?? 0) + n
  }
  for (const [scheme, n] of Object.entries(counts)) {
    result.total += n
    if (scheme === 'argon2id') result.argon2id += n
    else if (scheme.startsWith('wrapped:')) {
      result.wrapped.total += n
      add(result.wrapped.byInner, scheme.slice('wrapped:'.length), n)
    } else {
      result.legacy.total += n
      add(result.legacy.byFamily, schemeFamily(scheme), n)
      add(result.legacy.byScheme, scheme, n)
    }
  }
  return result
}

const FAMILIES: [RegExp, string][] = [
  [/^ldap_/, 'ldap'],
  [/^django_/, 'django'],
  [/^argon2/, 'argon2'],
  [/^bcrypt/, 'bcrypt'],
  [/pbkdf2|^aspnet_identity/, 'pbkdf2'],
  [/scrypt/, 'scrypt'],
  [/_crypt$/, 'crypt'],
  [/^phpass$/, 'phpass'],
  [/^mysql/, 'mysql'],
  [/^(raw|salted)_|^ntlm$/, 'digest'],
]

/** The family of a stored scheme name, as parsed-hash.ts names families. */
export function schemeFamily(scheme: string): string {
  return FAMILIES.find(([pattern]) => pattern.test(scheme))?.[1] ?? 'other'
}
