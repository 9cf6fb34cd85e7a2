/** @jsxImportSource hono/jsx */
import type { Messages } from '../i18n/messages.js'
import type { IncidentWebhookStatus } from '../../store/ports/console-query-store.js'

/** The incident's webhook events by delivery state; failed ones link to redelivery. */
export function IncidentWebhookSection(props: { t: Messages; status: IncidentWebhookStatus }) {
  const { t, status } = props
  const total = status.pending + status.delivered + status.failed
  return (
    <section>
      {total === 0 ? (
        <p>{t.incident.webhookNone}</p>
      ) : (
        <dl class="figures">
          <div>
            <dt>{t.incident.webhookPending}</dt>
            <dd id="hook-pending">{status.pending}</dd>
          </div>
          <div>
            <dt>{t.incident.webhookDelivered}</dt>
            <dd id="hook-delivered">{status.delivered}</dd>
          </div>
          <div>
            <dt>{t.incident.webhookFailed}</dt>
            <dd id="hook-failed">{status.failed}</dd>
          </div>
        </dl>
      )}
      {status.failed > 0 && (
        <>
          <ul>
            {status.recentFailures.map((event) => (
              <li>
                <code>{event.type}</code> {event.id}: {event.lastError ?? ''}
              </li>
            ))}
          </ul>
          <p>
            <a href="/console/webhook?status=failed" id="hook-redeliver">
              {t.incident.webhookRedeliver(status.failed)}
            </a>
          </p>
        </>
      )}
    </section>
  )
}
