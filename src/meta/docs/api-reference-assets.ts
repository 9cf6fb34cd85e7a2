/**
 * The interactive API reference's browser bundle (Scalar's standalone build, from the npm
 * package `@scalar/api-reference`). One port, one adapter per runtime: the Node one reads the
 * file from node_modules, the Worker one has wrangler bundle it as a text module. Either way
 * pwguard serves it from its own origin: /docs needs no CDN and works offline.
 */
export interface ApiReferenceAssets {
  /** The package version: part of the asset URL, so a new version is a new URL. */
  version: string
  /** The standalone script (it injects its own CSS at run time). */
  script: () => Promise<string>
}

/** How long a failed read is answered from memory before the loader is asked again. */
export interface FailureMemory {
  now: () => number
  retryAfterMs: number
}

/**
 * Wraps a loader so the ~5 MB file is read once. A failed read is retried: on the next call by
 * default, or only once `failures.retryAfterMs` has passed when each read costs something (an
 * R2 GET per request for a missing object is a bill anyone can run up without a key).
 */
export function cachedAssets(
  version: string,
  load: () => Promise<string>,
  failures?: FailureMemory,
): ApiReferenceAssets {
  let loaded: Promise<string> | null = null
  // Set while `loaded` holds a remembered failure.
  let failedAt: number | null = null
  return {
    version,
    script: () => {
      if (failures && failedAt !== null && failures.now() - failedAt >= failures.retryAfterMs) {
        loaded = null
        failedAt = null
      }
      loaded ??= load().catch((error: unknown) => {
        if (failures) failedAt = failures.now()
        else loaded = null
        throw error
      })
      return loaded
    },
  }
}
