/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import { generateApiKey } from '../../auth/api-key.js'
import { apiKeyRow, listApiKeys } from '../../auth/api-key-store.js'
import { SCOPES, type Scope } from '../../auth/scopes.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { notFoundPage } from '../views/error-page.js'
import { utc } from '../views/incident-list-page.js'
import { Csrf, Layout } from '../views/layout.js'

/** API keys: list, create (the key is shown once, on the answer to the POST), revoke. */
export function keyPages(deps: AppDeps) {
  const router = new Hono<ConsoleEnv>()
  const { tenantKeys, apiKeyAdmin } = deps.stores
  const render = async (c: Context<ConsoleEnv>, created?: string) => {
    const t = c.get('t')
    const actor = c.get('actor')
    const keys = await listApiKeys(tenantKeys, actor.tenant.id)
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        title={t.keys.title}
        path="/console/keys"
        csrfToken={actor.csrfToken}
      >
        {created && (
          <p role="status">
            {t.keys.shownOnce}{' '}
            <code class="secret" id="new-key">
              {created}
            </code>
          </p>
        )}
        <form method="post" action="/console/keys" class="stack narrow">
          <Csrf token={actor.csrfToken} />
          <label for="label">{t.keys.label}</label>
          <input id="label" name="label" maxlength={100} />
          <fieldset>
            <legend>{t.keys.scopes}</legend>
            {SCOPES.map((scope) => (
              <label>
                <input type="checkbox" name="scopes" value={scope} checked={scope === 'check'} />{' '}
                {scope}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t.keys.create}</button>
        </form>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.keys.id}</th>
                <th scope="col">{t.keys.label}</th>
                <th scope="col">{t.keys.scopes}</th>
                <th scope="col">{t.audit.at}</th>
                <th scope="col">
                  <span class="skip">{t.keys.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr>
                  <td>{key.id}</td>
                  <td>{key.label ?? ''}</td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{utc(key.createdAt)}</td>
                  <td>
                    {key.revokedAt !== null ? (
                      t.keys.revoked
                    ) : (
                      <form
                        method="post"
                        action={`/console/keys/${encodeURIComponent(key.id)}/revoke`}
                      >
                        <Csrf token={actor.csrfToken} />
                        <button
                          type="submit"
                          class="danger"
                          aria-label={`${t.keys.revoke} ${key.id}`}
                        >
                          {t.keys.revoke}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Layout>,
    )
  }
  router.get('/keys', (c) => render(c))
  router.post('/keys', async (c) => {
    const actor = c.get('actor')
    const form = await readForm(c.req, { all: true })
    const asked = [form.scopes ?? []].flat()
    const scopes = SCOPES.filter((scope) => asked.includes(scope)) as Scope[]
    if (scopes.length === 0) return render(c)
    const label = typeof form.label === 'string' ? form.label.trim().slice(0, 100) || null : null
    const now = deps.clock.now()
    const { id, key } = generateApiKey(deps.random)
    const row = await apiKeyRow({ id, key, tenantId: actor.tenant.id, scopes, label, now })
    const entry = checkAuditEntry({
      tenantId: actor.tenant.id,
      actor: auditActor(actor),
      action: 'api_key.created',
      target: id,
      details: { scopes },
      at: now,
    })
    // The key and its audit entry commit together.
    await apiKeyAdmin.create(row, entry)
    return render(c, key)
  })
  router.post('/keys/:id/revoke', async (c) => {
    const actor = c.get('actor')
    const now = deps.clock.now()
    const id = c.req.param('id')
    const entry = checkAuditEntry({
      tenantId: actor.tenant.id,
      actor: auditActor(actor),
      action: 'api_key.revoked',
      target: id,
      at: now,
    })
    // Revocation and its entry commit together, and only if the key was active.
    if (!(await apiKeyAdmin.revoke({ tenantId: actor.tenant.id, id, now }, entry))) {
      return notFoundPage(c)
    }
    return c.redirect('/console/keys', 303)
  })
  return router
}
