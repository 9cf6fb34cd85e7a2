/** @jsxImportSource hono/jsx */
import { and, desc, eq, like } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import { deriveAuditChainKey } from '../../audit/audit-chain-key.js'
import { verifyAuditChain } from '../../audit/verify-audit-chain.js'
import { auditLog } from '../../store/schema.js'
import type { ConsoleEnv } from '../console-env.js'
import { Layout } from '../views/layout.js'
import { utc } from '../views/incident-list-page.js'

const PAGE = 200

/** GET /console/audit: the newest entries of the chain, filterable; `?verify=1` checks it. */
export function auditPages(deps: AppDeps) {
  const router = new Hono<ConsoleEnv>()
  // The chain's links are HMACs under a key derived from the service secret.
  const key = deriveAuditChainKey(deps.settings.secret)
  router.get('/audit', async (c) => {
    const t = c.get('t')
    const actor = c.get('actor')
    const filter = (c.req.query('action') ?? '').slice(0, 64)
    const escaped = filter.replace(/[\\%_]/g, (char) => `\\${char}`)
    const rows = await deps.driver.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, actor.tenant.id),
          filter ? like(auditLog.action, `%${escaped}%`) : undefined,
        ),
      )
      .orderBy(desc(auditLog.seq))
      .limit(PAGE)
    const verdict = c.req.query('verify')
      ? await verifyAuditChain(deps.driver.db, key, actor.tenant.id)
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
        <form method="get" action="/console/audit" class="stack narrow">
          <label for="action">{t.audit.filter}</label>
          <input id="action" name="action" value={filter} />
          <button type="submit">{t.audit.apply}</button>
        </form>
        <div class="scroll">
          <table>
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
      </Layout>,
    )
  })
  return router
}
