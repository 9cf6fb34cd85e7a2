import type { AppSettings } from '../app/deps.js'
import type { NodeConfig } from './config.js'

/**
 * The app's settings from the parsed configuration: the one mapping both entries use (the
 * Worker's configuration is the Node one plus its bindings' options), so a variable parsed
 * for one runtime cannot be silently dropped by the other. `secret` comes apart because each
 * runtime finds it its own way (Node may generate and keep one; a Worker requires it).
 *
 * @example
 * const settings = appSettings(parseConfig(process.env), secret)
 */
export function appSettings(config: NodeConfig, secret: Uint8Array): AppSettings {
  return {
    rangePublic: config.rangePublic,
    corsOrigins: config.corsOrigins,
    maxBodyBytes: config.maxBodyBytes,
    maxImportBytes: config.maxImportBytes,
    loginFailureFloorMs: config.loginFailureFloorMs,
    policy: config.policy,
    secret,
    verifyCpuMsPerMinute: config.verifyCpuMsPerMinute,
    // Node pins the resolved address; Workers deliver with fetch and check the URL rules only.
    webhookAllowedHosts: config.webhookAllowedHosts,
    tenantCorpusQuota: config.tenantCorpusQuota,
  }
}
