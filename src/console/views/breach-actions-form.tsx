/** @jsxImportSource hono/jsx */
import {
  BREACH_ACTIONS,
  DEFAULT_BREACH_ACTIONS,
  type BreachAction,
  type BreachMoment,
} from '../../tenants/breach-actions.js'
import type { Messages } from '../i18n/messages.js'
import { Csrf } from './layout.js'

/** Login first: it is the moment the admin most often wants to change after a breach. */
export const BREACH_MOMENTS: readonly BreachMoment[] = ['login', 'signup', 'passwordChange']

/**
 * What happens when a password is found breached, per moment: one select each, "service
 * default" (stored as null) or one of the four actions, each explained in the option text.
 */
export function BreachActionsForm(props: {
  t: Messages
  csrfToken: string
  overrides: Record<BreachMoment, BreachAction | null>
}) {
  const { t, overrides } = props
  return (
    <form
      id="breach-actions"
      method="post"
      action="/console/policy/breach-actions"
      class="stack narrow"
    >
      <Csrf token={props.csrfToken} />
      <p>{t.breach.explain}</p>
      {BREACH_MOMENTS.map((moment) => (
        <>
          <label for={`breach-${moment}`}>{t.breach.moments[moment]}</label>
          <select id={`breach-${moment}`} name={moment}>
            <option value="" selected={overrides[moment] === null}>
              {t.breach.inherit(t.breach.actions[DEFAULT_BREACH_ACTIONS[moment]])}
            </option>
            {BREACH_ACTIONS.map((action) => (
              <option value={action} selected={overrides[moment] === action}>
                {t.breach.actions[action]}
              </option>
            ))}
          </select>
        </>
      ))}
      <button type="submit">{t.breach.save}</button>
    </form>
  )
}
