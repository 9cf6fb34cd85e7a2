import { createDummyVerifier, type DummyVerifier } from '../accounts/dummy-verifier.js'
import { createEmailIndexer, type EmailIndexer } from '../accounts/email-index.js'
import { createFailureFloor, type FailureFloor } from '../accounts/failure-floor.js'
import {
  createStoredHashVerifier,
  type StoredHashVerifier,
} from '../accounts/stored-hash-verifier.js'
import { createBreachLookup, type BreachLookup } from '../breach/breach-lookup.js'
import type { KeyedHash } from '../crypto/keyed-hash.js'
import { deriveSecretKeys } from '../crypto/secret-keys.js'
import { createPasswordChecker, type PasswordChecker } from '../policy/create-password-checker.js'
import { createVerifyCostBudget, type VerifyCostBudget } from '../accounts/verify-cost-budget.js'
import type { LegacyVerifyDeps } from '../legacy-verify/ask-legacy-verify.js'
import { parseWebhookAllowList } from '../webhooks/webhook-allow-list.js'
import { createSecretSealer } from '../webhooks/webhook-secret-sealer.js'
import { createFetchWebhookSender } from '../webhooks/webhook-sender.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { AppDeps } from './deps.js'

/** Default per-key hashing budget on /v1/hashes/verify: half a core. */
export const DEFAULT_VERIFY_CPU_MS_PER_MINUTE = 30_000

/** Per-app objects derived from the deps once, shared by the route groups. */
export interface Services {
  /** The store ports the entry chose (`deps.stores`). */
  stores: StorePorts
  breach: BreachLookup
  /** The signup check (zxcvbn is built once here and shared by every route). */
  passwordChecker: PasswordChecker
  verifier: StoredHashVerifier
  dummy: DummyVerifier
  /** Per-key CPU budget for /v1/hashes/verify. */
  verifyBudget: VerifyCostBudget
  /** Pads failed password attempts (login, change) to one duration. */
  failureFloor: FailureFloor
  emailIndexer: EmailIndexer
  resetTokenKey: KeyedHash
  importFingerprintKey: KeyedHash
  /** The first-login import hook: the webhook sender (same target rules) and sealer. */
  legacyVerify: LegacyVerifyDeps
}

export function buildServices(deps: AppDeps): Services {
  const keys = deriveSecretKeys(deps.settings.secret)
  const { loginFailureFloorMs: minimumMs = 0, loginFailureFloorAdaptive: adaptive = true } =
    deps.settings
  const breach = createBreachLookup(deps.corpus, deps.upstream ? { upstream: deps.upstream } : {})
  const { stores } = deps
  return {
    stores,
    breach,
    passwordChecker: createPasswordChecker(deps, { breach }),
    verifier: createStoredHashVerifier({ hasher: deps.hasher, primitives: deps.hashPrimitives }),
    dummy: createDummyVerifier(deps.hasher),
    verifyBudget: createVerifyCostBudget({
      msPerMinute: deps.settings.verifyCpuMsPerMinute ?? DEFAULT_VERIFY_CPU_MS_PER_MINUTE,
      now: () => deps.clock.now(),
    }),
    failureFloor: createFailureFloor({ minimumMs, adaptive }),
    emailIndexer: createEmailIndexer(deps.settings.secret),
    resetTokenKey: keys.resetToken,
    importFingerprintKey: keys.importFingerprint,
    legacyVerify: {
      store: stores.legacyVerify,
      sender:
        deps.webhookSender ??
        createFetchWebhookSender({
          allow: parseWebhookAllowList(deps.settings.webhookAllowedHosts ?? []),
        }),
      sealer: createSecretSealer(deps.settings.secret, deps.random),
      clock: deps.clock,
      random: deps.random,
      logger: deps.logger,
    },
  }
}
