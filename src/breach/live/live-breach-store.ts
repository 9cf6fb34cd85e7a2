import type { HashMode, RangeEntry } from '../range-reader.js'

/** One exposed password as the corpus stores it: uppercase hex digests, never plaintext. */
export interface LiveBreachEntry {
  sha1: string
  /** NTLM (MD4 of UTF-16LE); only known when the plaintext was exposed. */
  ntlm?: string
}

/** A digest recorded in the live store, as replayed to the in-memory indexes. */
export interface LiveDigest {
  mode: HashMode
  /** Uppercase hex, 40 (sha1) or 32 (ntlm) digits. */
  hex: string
}

/**
 * Breached passwords learnt after the corpus was built (incident exposure lists). Served merged
 * with the built corpus, so a password exposed a minute ago is refused everywhere without a
 * rebuild. Each `add` of a digest counts one more sighting.
 *
 * Adapters keep these digests OUT of the main database: a fast unsalted digest of a password
 * in `pwguard.db` would hand a database thief a crackable list tied to the incident.
 */
export interface LiveBreachStore {
  /** Records the entries durably; resolves to the digests that were new to the store. */
  add(entries: readonly LiveBreachEntry[], now: number): Promise<LiveDigest[]>
  /** Live rows for one uppercase 5-hex prefix, sorted by suffix. */
  read(mode: HashMode, prefix: string): Promise<RangeEntry[]>
  /**
   * Replays digests first recorded after `cursor` (0: all of them, in insertion order) and
   * returns the new cursor. Loads the filter at start-up and picks up additions made by another
   * process (the CLI) sharing the same store.
   */
  since(cursor: number, visit: (digest: LiveDigest) => void): number | Promise<number>
  /**
   * Calls `onChange` soon after any instance adds digests, so a reader catches up without
   * waiting for traffic (PostgreSQL: LISTEN/NOTIFY, a catch-up after every reconnect, and a slow
   * poll as the safety net). The argument names the tenant whose own additions grew, or is null
   * for shared additions (or "anything may have changed"). Absent: readers poll on traffic
   * every `refreshMs`. Returns the stop.
   */
  watch?(onChange: (tenantId: string | null) => void): () => void
  /**
   * A tenant's own additions (its incident lists), kept apart from the shared rows above: they
   * count for that tenant's check, signup and login only, never for /range or another tenant.
   * Adds at most `limit - size` new passwords (digests already held count one more sighting);
   * the rest are refused, not stored.
   */
  addForTenant(
    tenantId: string,
    entries: readonly LiveBreachEntry[],
    now: number,
    limit: number,
  ): Promise<TenantAddition>
  /** Sightings of one uppercase digest among the tenant's own additions (0: none). */
  tenantCount(tenantId: string, mode: HashMode, hex: string): Promise<number>
  /** Distinct passwords (SHA-1 rows) the tenant has added: what the quota counts. */
  tenantSize(tenantId: string): Promise<number>
}

/** What one tenant addition did. */
export interface TenantAddition {
  /** Passwords new to the tenant's additions. */
  added: number
  /** New passwords not stored because the tenant's quota is full. */
  refused: number
  /** Passwords the tenant holds after this addition. */
  size: number
}

/** Sorts rows by suffix as range responses are. */
export function bySuffix(a: RangeEntry, b: RangeEntry): number {
  return a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0
}

/** Every digest an entry contributes, uppercase. */
export function entryDigests(entry: LiveBreachEntry): LiveDigest[] {
  const digests: LiveDigest[] = [{ mode: 'sha1', hex: entry.sha1.toUpperCase() }]
  if (entry.ntlm) digests.push({ mode: 'ntlm', hex: entry.ntlm.toUpperCase() })
  return digests
}

/**
 * Splits entries into those the tenant already holds and at most `room` new ones (the rest are
 * refused): the quota rule every adapter shares. Duplicate SHA-1s within the call count once.
 */
export function admitForTenant(
  entries: readonly LiveBreachEntry[],
  held: ReadonlySet<string>,
  room: number,
): { admitted: LiveBreachEntry[]; added: number; refused: number } {
  const admitted: LiveBreachEntry[] = []
  const fresh = new Set<string>()
  let refused = 0
  for (const entry of entries) {
    const sha1 = entry.sha1.toUpperCase()
    if (held.has(sha1) || fresh.has(sha1)) admitted.push(entry)
    else if (fresh.size < room) {
      fresh.add(sha1)
      admitted.push(entry)
    } else refused += 1
  }
  return { admitted, added: fresh.size, refused }
}

/**
 * An in-process live store (tests, and Workers until a KV/R2 adapter exists): additions last as
 * long as the process.
 */
export function createMemoryLiveBreachStore(): LiveBreachStore {
  const counts = new Map<string, number>()
  const log: LiveDigest[] = []
  const byPrefix = new Map<string, LiveDigest[]>()
  const key = (digest: LiveDigest) => `${digest.mode}:${digest.hex}`
  const prefixKey = (mode: HashMode, hex: string) => `${mode}:${hex.slice(0, 5)}`
  const tenants = new Map<string, Map<string, number>>()
  return {
    async addForTenant(tenantId, entries, _now, limit) {
      const own = tenants.get(tenantId) ?? new Map<string, number>()
      tenants.set(tenantId, own)
      const held = new Set(
        entries.map((e) => e.sha1.toUpperCase()).filter((h) => own.has(`sha1:${h}`)),
      )
      const size = () => [...own.keys()].filter((k) => k.startsWith('sha1:')).length
      const { admitted, added, refused } = admitForTenant(
        entries,
        held,
        Math.max(0, limit - size()),
      )
      for (const digest of admitted.flatMap(entryDigests)) {
        own.set(key(digest), (own.get(key(digest)) ?? 0) + 1)
      }
      return { added, refused, size: size() }
    },
    async tenantCount(tenantId, mode, hex) {
      return tenants.get(tenantId)?.get(`${mode}:${hex.toUpperCase()}`) ?? 0
    },
    async tenantSize(tenantId) {
      return [...(tenants.get(tenantId)?.keys() ?? [])].filter((k) => k.startsWith('sha1:')).length
    },
    async add(entries) {
      const fresh: LiveDigest[] = []
      for (const entry of entries) {
        for (const digest of entryDigests(entry)) {
          const seen = counts.get(key(digest))
          counts.set(key(digest), (seen ?? 0) + 1)
          if (seen === undefined) {
            log.push(digest)
            fresh.push(digest)
            const bucket = byPrefix.get(prefixKey(digest.mode, digest.hex)) ?? []
            bucket.push(digest)
            byPrefix.set(prefixKey(digest.mode, digest.hex), bucket)
          }
        }
      }
      return fresh
    },
    async read(mode, prefix) {
      const bucket = byPrefix.get(prefixKey(mode, prefix)) ?? []
      return bucket
        .map((digest) => ({ suffix: digest.hex.slice(5), count: counts.get(key(digest)) ?? 0 }))
        .sort(bySuffix)
    },
    since(cursor, visit) {
      for (let i = cursor; i < log.length; i++) visit(log[i] as LiveDigest)
      return log.length
    },
  }
}
