/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { createAccountAuditTarget } from '../../accounts/account-audit-target.js'
import { accountViewOn } from '../../accounts/account-view.js'
import { forceAccountReset } from '../../incidents/force-account-reset.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { notFoundPage } from '../views/error-page.js'
import { AccountsPage } from '../views/accounts-page.js'

/**
 * Find one account and force its reset. The search is a POST: an e-mail address typed here
 * must not end up in a URL, an access log or the browser history; it is only blind-indexed.
 */
export function accountPages(deps: AppDeps, services: Services) {
  const router = new Hono<ConsoleEnv>()
  const { accounts } = services.stores
  const resetDeps = {
    accounts,
    resets: services.stores.resets,
    random: deps.random,
    clock: deps.clock,
    tokenKey: services.resetTokenKey,
    // The audit log names accounts by a keyed pseudonym, as the API's reset route does.
    auditTarget: createAccountAuditTarget(deps.settings.secret),
  }
  const render = (
    c: Context<ConsoleEnv>,
    extra: Partial<Parameters<typeof AccountsPage>[0]> = {},
    status: 200 | 404 = 200,
  ) => {
    const actor = c.get('actor')
    return c.html(
      <AccountsPage
        t={c.get('t')}
        locale={c.get('locale')}
        csrfToken={actor.csrfToken}
        {...extra}
      />,
      status,
    )
  }
  router.get('/accounts', (c) => render(c))
  router.post('/accounts', async (c) => {
    const form = await readForm(c.req)
    const query = typeof form.q === 'string' ? form.q.trim().slice(0, 320) : ''
    const tenantId = c.get('actor').tenant.id
    const account = !query
      ? null
      : query.includes('@')
        ? // Both index forms: rows written before the tenant-bound index keep the v1 one.
          await accounts.findByEmailIndex(
            tenantId,
            services.emailIndexer.candidates(tenantId, query),
          )
        : await accounts.find({ tenantId, externalId: query })
    if (!account) return render(c, { searched: true }, 404)
    return render(c, { searched: true, account: await accountViewOn(accounts, account) })
  })
  router.post('/accounts/:externalId/reset', async (c) => {
    const actor = c.get('actor')
    const key = { tenantId: actor.tenant.id, externalId: c.req.param('externalId') }
    // The flag, token, event and audit entry commit in one batch.
    const outcome = await forceAccountReset(resetDeps, { ...key, actor: auditActor(actor) })
    const account = outcome.found ? await accounts.find(key) : null
    if (!outcome.found || !account) return notFoundPage(c)
    return render(c, {
      searched: true,
      account: await accountViewOn(accounts, account),
      token: outcome.issued.token,
    })
  })
  return router
}
