/** @jsxImportSource hono/jsx */
import { DATA_CLASSES, DATA_CLASS_NAMES } from '../../incidents/data-classes.js'
import type { IncidentRow } from '../../incidents/incident-store.js'
import type { Messages } from '../i18n/messages.js'
import type { ConsoleLocale } from '../i18n/pick-locale.js'
import { Deadline } from './deadline.js'
import { Csrf, Layout } from './layout.js'

export const utc = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** GET /console/incidents: the register form and the tenant's incidents. */
export function IncidentListPage(props: {
  t: Messages
  locale: ConsoleLocale
  csrfToken: string
  incidents: IncidentRow[]
  now: number
  error?: string
}) {
  const { t } = props
  const defaultDetected = new Date(props.now).toISOString().slice(0, 16)
  return (
    <Layout
      t={t}
      locale={props.locale}
      title={t.incidents.title}
      path="/console/incidents"
      csrfToken={props.csrfToken}
    >
      <h2>{t.incidents.register}</h2>
      {props.error && (
        <p role="alert" class="error">
          {props.error}
        </p>
      )}
      <form method="post" action="/console/incidents" class="stack">
        <Csrf token={props.csrfToken} />
        <label for="name">{t.incidents.name}</label>
        <input id="name" name="name" required maxlength={200} />
        <label for="detectedAt">{t.incidents.detectedAt}</label>
        <input
          id="detectedAt"
          name="detectedAt"
          type="datetime-local"
          required
          value={defaultDetected}
        />
        <label for="description">{t.incidents.description}</label>
        <textarea id="description" name="description" rows={3} maxlength={4000}></textarea>
        <fieldset>
          <legend>{t.incidents.dataClasses}</legend>
          <div class="checks">
            {DATA_CLASS_NAMES.map((name) => (
              <label>
                <input type="checkbox" name="dataClasses" value={name} />
                {t.dataClassNames[name]}
                {DATA_CLASSES[name].specialCategory ? ` (${t.incidents.health})` : ''}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit">{t.incidents.create}</button>
      </form>
      <h2>{t.incidents.title}</h2>
      {props.incidents.length === 0 ? (
        <p>{t.incidents.none}</p>
      ) : (
        <ul>
          {props.incidents.map((incident) => (
            <li>
              <a href={`/console/incidents/${incident.id}`}>{incident.name}</a> —{' '}
              {utc(incident.detectedAt)}
              {incident.authorityNotifiedAt === null && (
                <>
                  {' '}
                  (<Deadline t={t} by={incident.notifyAuthorityBy} now={props.now} />)
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
