/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import type { Locale } from '../../policy/policy-messages.js'
import { parsePolicyOverrides, type PolicyOverrides } from '../../tenants/tenant-policy.js'
import { isBreachAction } from '../../tenants/breach-actions.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { BreachActionsForm } from '../views/breach-actions-form.js'
import { Csrf, Layout } from '../views/layout.js'
import { saveBreachActions } from './save-breach-actions.js'

const FIELDS = ['minPasswordLength', 'minStrengthScore', 'breachCountThreshold'] as const
const asAction = (value: string | null) => (isBreachAction(value) ? value : null)
const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 16) : '')

/** The tenant's policy overrides, and a live preview of a typed password against unsaved ones. */
export function policyPages(deps: AppDeps, services: Services) {
  const router = new Hono<ConsoleEnv>()
  const defaults = deps.settings.policy
  const defaultOf = {
    minPasswordLength: defaults.minLength,
    minStrengthScore: defaults.minScore,
    breachCountThreshold: defaults.breachThreshold,
  }
  const render = (c: Context<ConsoleEnv>, message?: { ok: boolean; text: string }) => {
    const t = c.get('t')
    const actor = c.get('actor')
    const labels = {
      minPasswordLength: t.policy.minLength,
      minStrengthScore: t.policy.minScore,
      breachCountThreshold: t.policy.breachThreshold,
    }
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        title={t.policy.title}
        path="/console/policy"
        csrfToken={actor.csrfToken}
      >
        {message && (
          <p role="status" class={message.ok ? 'ok' : 'error'}>
            {message.text}
          </p>
        )}
        <form id="policy" method="post" action="/console/policy" class="stack narrow">
          <Csrf token={actor.csrfToken} />
          {FIELDS.map((field) => (
            <>
              <label for={field}>{labels[field]}</label>
              <input
                id={field}
                name={field}
                inputmode="numeric"
                value={String(actor.tenant[field] ?? '')}
                placeholder={t.policy.inherit(defaultOf[field])}
                aria-describedby={`${field}-hint`}
              />
              <small id={`${field}-hint`}>{t.policy.inherit(defaultOf[field])}</small>
            </>
          ))}
          <button type="submit">{t.policy.save}</button>
        </form>
        <h2 id="breach">{t.breach.title}</h2>
        <BreachActionsForm
          t={t}
          csrfToken={actor.csrfToken}
          overrides={{
            login: asAction(actor.tenant.breachActionLogin),
            signup: asAction(actor.tenant.breachActionSignup),
            passwordChange: asAction(actor.tenant.breachActionPasswordChange),
          }}
        />
        <h2>{t.policy.preview}</h2>
        <div class="stack narrow">
          <label for="preview-password">{t.policy.previewPassword}</label>
          <input
            id="preview-password"
            type="password"
            autocomplete="off"
            maxlength={1024}
            data-ok={t.policy.acceptable}
            data-refused={t.policy.refused}
          />
          <p id="preview-result" aria-live="polite"></p>
        </div>
      </Layout>,
    )
  }
  router.get('/policy', (c) => render(c))
  router.post('/policy', async (c) => {
    const form = await readForm(c.req)
    const overrides = parsePolicyOverrides({
      minPasswordLength: text(form.minPasswordLength),
      minStrengthScore: text(form.minStrengthScore),
      breachCountThreshold: text(form.breachCountThreshold),
    })
    const t = c.get('t')
    if (!overrides) return render(c, { ok: false, text: t.policy.invalid })
    const actor = c.get('actor')
    const entry = checkAuditEntry({
      tenantId: actor.tenant.id,
      actor: auditActor(actor),
      action: 'tenant.policy_updated',
      details: { ...overrides },
      at: deps.clock.now(),
    })
    // The change and its audit entry commit together.
    await services.stores.tenantSettings.update(actor.tenant.id, overrides, entry)
    c.set('actor', { ...actor, tenant: { ...actor.tenant, ...overrides } })
    return render(c, { ok: true, text: t.policy.saved })
  })
  router.post('/policy/breach-actions', async (c) => {
    const saved = await saveBreachActions(deps, services.stores, c, await readForm(c.req))
    const t = c.get('t')
    return render(
      c,
      saved ? { ok: true, text: t.breach.saved } : { ok: false, text: t.breach.invalid },
    )
  })
  // JSON for console.js: the check as the signup would run it under the typed, unsaved values.
  router.post('/policy/preview', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null
    const password = typeof body?.password === 'string' ? body.password : ''
    if (!password || new TextEncoder().encode(password).length > 1024) {
      return c.json({ acceptable: false, violations: [] }, 400)
    }
    const overrides = parsePolicyOverrides({
      minPasswordLength: text(body?.minPasswordLength),
      minStrengthScore: text(body?.minStrengthScore),
      breachCountThreshold: text(body?.breachCountThreshold),
    })
    if (!overrides)
      return c.json({ acceptable: false, violations: [{ message: c.get('t').policy.invalid }] })
    const tenant = { ...c.get('actor').tenant, ...(overrides satisfies PolicyOverrides) }
    const result = await services.passwordChecker({
      tenant,
      password,
      locale: c.get('locale') as Locale,
    })
    return c.json({
      acceptable: result.acceptable,
      violations: result.violations.map((v) => ({ message: v.message })),
    })
  })
  return router
}
