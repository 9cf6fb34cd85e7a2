import { describe } from 'vitest'
import type { ContractBackend, OpenedBackend } from './backends.js'
import { breachPolicyCases } from './breach-policy-cases.js'
import { digestJobCases } from './digest-job-cases.js'
import { resetCases } from './reset-cases.js'

/** The incident-response ports: forced resets, the wrapped-digest job, breach flags. */
export function incidentResponseCases(backend: () => OpenedBackend, kind: ContractBackend) {
  describe('forced resets', () => resetCases(backend, kind))
  describe('wrapped-digest job', () => digestJobCases(backend, kind))
  describe('breach flags and digests', () => breachPolicyCases(backend, kind))
}
