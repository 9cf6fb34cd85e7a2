/** @jsxImportSource hono/jsx */
import type { Messages } from '../i18n/messages.js'
import type { AuditFilters } from '../routes/audit-page-query.js'
import { utc } from './incident-list-page.js'

interface AuditRow {
  seq: number
  at: number
  actor: string
  action: string
  target: string | null
}

/** The filter form (GET, so a filtered view is a link) and one page of entries. */
export function AuditEntries(props: {
  t: Messages
  filters: AuditFilters
  rows: AuditRow[]
  next: number | null
}) {
  const { t, filters, rows, next } = props
  const query = (before: number | null) => {
    const { action, actor, from, to } = filters
    const params = new URLSearchParams({ action, actor, from, to })
    for (const [name, value] of [...params]) if (!value) params.delete(name)
    if (before !== null) params.set('before', String(before))
    const text = params.toString()
    return text ? `/console/audit?${text}` : '/console/audit'
  }
  return (
    <>
      <form method="get" action="/console/audit" class="stack narrow" id="audit-filters">
        <label for="action">{t.audit.filter}</label>
        <input id="action" name="action" value={filters.action} maxlength={64} />
        <label for="actor">{t.audit.actorFilter}</label>
        <input id="actor" name="actor" value={filters.actor} maxlength={128} />
        <label for="from">{t.audit.from}</label>
        <input id="from" name="from" type="date" value={filters.from} />
        <label for="to">{t.audit.to}</label>
        <input id="to" name="to" type="date" value={filters.to} />
        <button type="submit">{t.audit.apply}</button>
      </form>
      {rows.length === 0 ? (
        <p id="audit-empty">{t.audit.empty}</p>
      ) : (
        <div class="scroll">
          <table id="audit-entries">
            <thead>
              <tr>
                <th scope="col">{t.audit.seq}</th>
                <th scope="col">{t.audit.at}</th>
                <th scope="col">{t.audit.actor}</th>
                <th scope="col">{t.audit.action}</th>
                <th scope="col">{t.audit.target}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>{row.seq}</td>
                  <td>{utc(row.at)}</td>
                  <td>{row.actor}</td>
                  <td>{row.action}</td>
                  <td>{row.target ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t.audit.title} class="pager">
        {filters.before !== null && <a href={query(null)}>{t.audit.newest}</a>}{' '}
        {next !== null && (
          <a href={query(next)} rel="next" id="audit-older">
            {t.audit.older}
          </a>
        )}
      </nav>
    </>
  )
}
