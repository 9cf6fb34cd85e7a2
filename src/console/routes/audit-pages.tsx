/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import { deriveAuditChainKey } from '../../audit/audit-chain-key.js'
import { verifyAuditChain } from '../../audit/verify-audit-chain.js'
import type { ConsoleEnv } from '../console-env.js'
import { AuditEntries } from '../views/audit-page.js'
import { Layout } from '../views/layout.js'
import { parseAuditFilters, readAuditPage } from './audit-page-query.js'

const PAGE = 100

/**
 * GET /console/audit: the chain, newest first, filtered by action, actor and UTC days and paged
 * by a seq cursor (`?before=`), all in SQL; `?verify=1` checks the whole chain.
 */
export function auditPages(deps: AppDeps) {
  const router = new Hono<ConsoleEnv>()
  const { audit, consoleQueries } = deps.stores
  // The chain's links are HMACs under a key derived from the service secret.
  const key = deriveAuditChainKey(deps.settings.secret)
  router.get('/audit', async (c) => {
    const t = c.get('t')
    const actor = c.get('actor')
    const filters = parseAuditFilters((name) => c.req.query(name))
    const { rows, next } = await readAuditPage(consoleQueries, actor.tenant.id, filters, PAGE)
    const verdict = c.req.query('verify')
      ? await verifyAuditChain(audit, key, actor.tenant.id)
      : null
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        title={t.audit.title}
        path="/console/audit"
        csrfToken={actor.csrfToken}
      >
        <form method="get" action="/console/audit" class="stack narrow">
          <input type="hidden" name="verify" value="1" />
          <button type="submit">{t.audit.verify}</button>
        </form>
        {verdict && (
          <p role="status" id="verdict" class={verdict.ok ? 'ok' : 'error'}>
            {verdict.ok
              ? t.audit.ok(verdict.entries)
              : t.audit.broken(verdict.seq, verdict.problem)}
          </p>
        )}
        {verdict?.ok && <p id="audit-head">{t.audit.head(verdict.head.seq, verdict.head.hash)}</p>}
        <AuditEntries t={t} filters={filters} rows={rows} next={next} />
      </Layout>,
    )
  })
  return router
}
