import { ProblemError } from '../../http/problem.js'
import type { Clock } from '../../ports/clock.js'
import { cachedAssets, type ApiReferenceAssets } from './api-reference-assets.js'

/** The slice of an R2 binding this adapter reads (the corpus bucket's shape). */
export interface R2ObjectBucket {
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>
}

/** After an upload the script is served within this long (the deploy guide says so). */
export const MISSING_RETRY_MS = 60_000

/** Where the deploy guide uploads the bundle: the version in the key, as in the URL. */
export const apiReferenceObjectKey = (version: string) => `docs/api-reference-${version}.js`

/**
 * Scalar's bundle for the Worker, read from R2 on first request: at ~5 MB it would push the
 * script past the Free plan's 3 MiB compressed limit if bundled as a module. The key carries
 * the version wrangler.toml names (PWGUARD_API_REFERENCE_VERSION), so the immutable URL and
 * the bytes behind it change together. Not uploaded: the script is a 404 problem, and /docs
 * still offers the OpenAPI document, and the miss is remembered for a minute so requests for
 * the script cannot each cost an R2 read.
 */
export function r2ApiReferenceAssets(
  bucket: R2ObjectBucket,
  version: string,
  clock: Clock,
): ApiReferenceAssets {
  const key = apiReferenceObjectKey(version)
  const failures = { now: () => clock.now(), retryAfterMs: MISSING_RETRY_MS }
  return cachedAssets(
    version,
    async () => {
      const object = await bucket.get(key)
      if (!object) {
        throw new ProblemError({
          status: 404,
          code: 'not_found',
          title: 'Not found',
          detail: `The API reference bundle is not uploaded (R2 object ${key}).`,
        })
      }
      return new TextDecoder().decode(await object.arrayBuffer())
    },
    failures,
  )
}
