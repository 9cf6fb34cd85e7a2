import { describe, expect, it } from 'vitest'
import { appSettings } from '../../src/config/app-settings.js'
import { parseConfig } from '../../src/config/config.js'
import { parseWorkerConfig } from '../../src/entry/worker-config.js'

const SECRET = 'a-worker-secret-of-at-least-32-characters'
const env = {
  PWGUARD_SECRET: SECRET,
  PWGUARD_RANGE_PUBLIC: 'false',
  PWGUARD_CORS_ORIGINS: 'https://book.example.be, https://www.example.be',
  PWGUARD_MIN_LENGTH: '12',
  PWGUARD_MAX_BODY_BYTES: '4096',
  PWGUARD_LOGIN_FLOOR_MS: '250',
  PWGUARD_VERIFY_CPU_MS_PER_MINUTE: '1000',
  PWGUARD_WEBHOOK_ALLOWED_HOSTS: 'hooks.internal',
  PWGUARD_TENANT_CORPUS_QUOTA: '5',
}

describe('appSettings: one mapping from configuration to the app for both runtimes', () => {
  it('gives a Worker every setting the Node entry gets from the same variables', () => {
    const secret = new TextEncoder().encode(SECRET)
    const node = appSettings(parseConfig(env), secret)
    expect(appSettings(parseWorkerConfig(env), secret)).toEqual(node)
    expect(node).toEqual({
      rangePublic: false,
      corsOrigins: ['https://book.example.be', 'https://www.example.be'],
      maxBodyBytes: 4096,
      maxImportBytes: 256 * 1024 * 1024,
      loginFailureFloorMs: 250,
      policy: { minLength: 12, minScore: 3, breachThreshold: 1 },
      secret,
      verifyCpuMsPerMinute: 1000,
      webhookAllowedHosts: ['hooks.internal'],
      // The Worker dropped this one when each entry copied the fields itself.
      tenantCorpusQuota: 5,
    })
  })
})
