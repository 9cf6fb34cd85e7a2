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

/** Wraps a loader so the ~5 MB file is read once and a failed read is retried next time. */
export function cachedAssets(version: string, load: () => Promise<string>): ApiReferenceAssets {
  let loaded: Promise<string> | null = null
  return {
    version,
    script: () => {
      loaded ??= load().catch((error: unknown) => {
        loaded = null
        throw error
      })
      return loaded
    },
  }
}
