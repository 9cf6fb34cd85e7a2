import type { Logger } from '../ports/logger.js'
import type { BootstrapOutcome } from './bootstrap-admin-key.js'

const CREATE_HINT = 'create one with `pwguard keys create --tenant default --scopes admin`'

/** Says in the log what bootstrapping did, and why it did nothing on later starts. */
export function logBootstrapOutcome(logger: Logger, outcome: BootstrapOutcome): void {
  switch (outcome.kind) {
    case 'configured':
      logger.info(
        'bootstrap admin key stored from PWGUARD_BOOTSTRAP_KEY; never again for this database',
        { keyId: outcome.keyId },
      )
      return
    case 'generated':
      logger.warn(
        'no admin key existed: generated one for the default tenant; never again for this database',
        { keyId: outcome.keyId },
      )
      return
    case 'existing':
      logger.info('admin keys already exist: bootstrap recorded as done for this database')
      return
    case 'waiting':
      logger.warn('no admin key exists: set PWGUARD_BOOTSTRAP_KEY (wrangler secret put)')
      return
    case 'done':
      logDone(logger, outcome)
  }
}

function logDone(logger: Logger, outcome: Extract<BootstrapOutcome, { kind: 'done' }>) {
  const fields = { bootstrappedAt: new Date(outcome.at).toISOString(), keyId: outcome.keyId }
  if (outcome.presented === 'active') {
    logger.info(
      'PWGUARD_BOOTSTRAP_KEY is already stored: bootstrap done once, nothing to do',
      fields,
    )
  } else if (outcome.presented === 'revoked') {
    logger.warn(
      `PWGUARD_BOOTSTRAP_KEY was revoked and stays revoked (bootstrap happens once per database); remove the variable, or ${CREATE_HINT}`,
      fields,
    )
  } else if (outcome.presented === 'unknown') {
    logger.warn(
      'PWGUARD_BOOTSTRAP_KEY is ignored: this database was bootstrapped once already',
      fields,
    )
  }
  if (!outcome.activeAdmin) {
    logger.warn(
      `no active admin key, and none is minted after the first start: ${CREATE_HINT}`,
      fields,
    )
  }
}
