import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { apiReferenceBundle } from '../../src/meta/docs/api-reference-assets-node.js'

describe('the Worker /docs bundle version', () => {
  it('wrangler.toml names the installed @scalar/api-reference version', () => {
    // The Worker reads docs/api-reference-<version>.js from R2: a stale var would serve an
    // old bundle under an immutable URL, or nothing.
    const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8')
    const named = /^PWGUARD_API_REFERENCE_VERSION = "([^"]+)"$/m.exec(toml)?.[1]
    expect(named).toBe(apiReferenceBundle().version)
  })
})
