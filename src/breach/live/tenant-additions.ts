import type { LiveBreachEntry, LiveBreachStore, TenantAddition } from './live-breach-store.js'
import { DEFAULT_TENANT_CORPUS_QUOTA } from './tenant-live-schema.js'

/** One tenant's own breached passwords: what its incident lists added, seen by no other tenant. */
export interface TenantAdditions {
  /** The quota in distinct passwords per tenant. */
  readonly quota: number
  /** Adds a tenant's exposed passwords, up to its quota. */
  add(tenantId: string, entries: readonly LiveBreachEntry[], now: number): Promise<TenantAddition>
  /** Sightings of an SHA-1 among the tenant's own additions (0 for every other tenant). */
  count(tenantId: string, sha1Hex: string): Promise<number>
  /** Drops the cached size of one tenant (null: of all), after another instance added to it. */
  forget(tenantId: string | null): void
}

/**
 * Tenant additions over the live store. A tenant that never added anything (most of them)
 * costs its check no store read: its size is cached for `refreshMs`, and an addition made in
 * this process updates the cache at once (one made by the CLI shows within `refreshMs`).
 */
export function createTenantAdditions(
  live: LiveBreachStore,
  {
    quota = DEFAULT_TENANT_CORPUS_QUOTA,
    refreshMs = 1_000,
    now = () => Date.now(),
  }: { quota?: number; refreshMs?: number; now?: () => number } = {},
): TenantAdditions {
  const sizes = new Map<string, { size: number; at: number }>()
  const sizeOf = async (tenantId: string) => {
    const cached = sizes.get(tenantId)
    if (cached && now() - cached.at < refreshMs) return cached.size
    const size = await live.tenantSize(tenantId)
    // Bounded: one entry per tenant that asked within the last refresh period is enough.
    if (sizes.size > 10_000) sizes.clear()
    sizes.set(tenantId, { size, at: now() })
    return size
  }
  return {
    quota,
    async add(tenantId, entries, at) {
      const result = await live.addForTenant(tenantId, entries, at, quota)
      sizes.set(tenantId, { size: result.size, at: now() })
      return result
    },
    forget(tenantId) {
      if (tenantId === null) sizes.clear()
      else sizes.delete(tenantId)
    },
    async count(tenantId, sha1Hex) {
      if ((await sizeOf(tenantId)) === 0) return 0
      return live.tenantCount(tenantId, 'sha1', sha1Hex.toUpperCase())
    },
  }
}
