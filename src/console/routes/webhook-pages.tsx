/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import { parseWebhookAllowList } from '../../webhooks/webhook-allow-list.js'
import { EVENT_STATUSES, listWebhookEvents } from '../../webhooks/webhook-event-store.js'
import { createSecretSealer } from '../../webhooks/webhook-secret-sealer.js'
import { webhookRow } from '../../webhooks/webhook-store.js'
import { webhookUrlProblem } from '../../webhooks/webhook-url.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { notFoundPage } from '../views/error-page.js'
import { Csrf, Layout } from '../views/layout.js'

/** The tenant's webhook endpoint (URL and sealed secret) and its events, with redelivery. */
export function webhookPages(deps: AppDeps) {
  const router = new Hono<ConsoleEnv>()
  const { outbox } = deps.stores
  const sealer = createSecretSealer(deps.settings.secret, deps.random)
  // The same operator allow-list as PUT /v1/webhook: internal hosts only when listed.
  const allow = parseWebhookAllowList(deps.settings.webhookAllowedHosts ?? [])
  const render = async (c: Context<ConsoleEnv>, message?: { ok: boolean; text: string }) => {
    const t = c.get('t')
    const actor = c.get('actor')
    const hook = await outbox.endpoint(actor.tenant.id)
    // `?status=failed`: the incident page links here to redeliver that incident's failures.
    const status = EVENT_STATUSES.find((name) => name === c.req.query('status'))
    const events = await listWebhookEvents(outbox, {
      tenantId: actor.tenant.id,
      limit: 100,
      ...(status && { status }),
    })
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        title={t.webhook.title}
        path="/console/webhook"
        csrfToken={actor.csrfToken}
      >
        {message && (
          <p role="status" class={message.ok ? 'ok' : 'error'}>
            {message.text}
          </p>
        )}
        <p>{hook ? t.webhook.current(hook.url) : t.webhook.none}</p>
        <form method="post" action="/console/webhook" class="stack narrow">
          <Csrf token={actor.csrfToken} />
          <label for="url">{t.webhook.url}</label>
          <input id="url" name="url" type="url" required value={hook?.url ?? ''} />
          <label for="secret">{t.webhook.secret}</label>
          <input
            id="secret"
            name="secret"
            type="password"
            required
            minlength={16}
            maxlength={256}
            autocomplete="off"
          />
          <button type="submit">{t.webhook.save}</button>
        </form>
        <h2>{t.webhook.events}</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.audit.at}</th>
                <th scope="col">{t.webhook.type}</th>
                <th scope="col">{t.webhook.status}</th>
                <th scope="col">{t.webhook.attempts}</th>
                <th scope="col">{t.webhook.error}</th>
                <th scope="col">
                  <span class="skip">{t.webhook.redeliver}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr>
                  <td>{event.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>{event.type}</td>
                  <td>{event.status}</td>
                  <td>{event.attempts}</td>
                  <td>{event.lastError ?? ''}</td>
                  <td>
                    {event.status !== 'pending' && (
                      <form
                        method="post"
                        action={`/console/webhook/events/${encodeURIComponent(event.id)}/redeliver`}
                      >
                        <Csrf token={actor.csrfToken} />
                        <button type="submit" aria-label={`${t.webhook.redeliver} ${event.id}`}>
                          {t.webhook.redeliver}
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
  router.get('/webhook', (c) => render(c))
  router.post('/webhook', async (c) => {
    const form = await readForm(c.req)
    const url = typeof form.url === 'string' ? form.url.trim() : ''
    const secret = typeof form.secret === 'string' ? form.secret : ''
    const problem = webhookUrlProblem(url, allow)
    if (problem || secret.length < 16 || secret.length > 256) {
      return render(c, { ok: false, text: problem ?? c.get('t').webhook.secret })
    }
    const actor = c.get('actor')
    const now = deps.clock.now()
    const row = await webhookRow(sealer, { tenantId: actor.tenant.id, url, secret, now })
    const entry = checkAuditEntry({
      tenantId: actor.tenant.id,
      actor: auditActor(actor),
      action: 'webhook.set',
      details: { origin: new URL(url).origin },
      at: now,
    })
    // The change and its audit entry commit together.
    await outbox.putEndpoint(row, entry)
    return render(c, { ok: true, text: c.get('t').webhook.saved })
  })
  router.post('/webhook/events/:id/redeliver', async (c) => {
    const actor = c.get('actor')
    const id = c.req.param('id')
    const now = deps.clock.now()
    const entry = checkAuditEntry({
      tenantId: actor.tenant.id,
      actor: auditActor(actor),
      action: 'webhook.redelivered',
      target: id,
      at: now,
    })
    // Logged only if the event is settled, in the same atomic write that re-queues it.
    const queued = await outbox.redeliver({ tenantId: actor.tenant.id, id, now }, entry)
    if (!queued && !(await outbox.hasEvent({ tenantId: actor.tenant.id, id }))) {
      return notFoundPage(c)
    }
    return render(c, { ok: true, text: c.get('t').webhook.queued })
  })
  return router
}
