import type { PolicyThresholds } from '../policy/policy-rules.js'
import { STRENGTH_MODULE, WIDGET_MODULE } from './generated/widget-bundle.js'

const POLICY_TOKEN = '"__PWGUARD_POLICY__"'

/**
 * The module pages import, with the service's default policy written into it, so the widget
 * needs no extra request to learn the minimum length, score and breach threshold.
 */
export function widgetModule(policy: PolicyThresholds): string {
  const { minLength, minScore, breachThreshold } = policy
  const json = JSON.stringify({ minLength, minScore, breachThreshold })
  return WIDGET_MODULE.replace(POLICY_TOKEN, JSON.stringify(json))
}

/** zxcvbn-ts core and the widget's scoring glue, imported by the widget on first use. */
export function strengthModule(): string {
  return STRENGTH_MODULE
}
