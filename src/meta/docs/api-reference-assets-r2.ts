import { ProblemError } from '../../http/problem.js'
import { cachedAssets, type ApiReferenceAssets } from './api-reference-assets.js'

/** The slice of an R2 binding this adapter reads (the corpus bucket's shape). */
export interface R2ObjectBucket {
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>
}

/** Where the deploy guide uploads the bundle: the version in the key, as in the URL. */
export const apiReferenceObjectKey = (version: string) => `docs/api-reference-${version}.js`

/**
 * Scalar's bundle for the Worker, read from R2 on first request: at ~5 MB it would push the
 * script past the Free plan's 3 MiB compressed limit if bundled as a module. The key carries
 * the version wrangler.toml names (PWGUARD_API_REFERENCE_VERSION), so the immutable URL and
 * the bytes behind it change together. Not uploaded: the script is a 404 problem, and /docs
 * still offers the OpenAPI document.
 */
export function r2ApiReferenceAssets(bucket: R2ObjectBucket, version: string): ApiReferenceAssets {
  const key = apiReferenceObjectKey(version)
  return cachedAssets(version, async () => {
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
  })
}
