/** @jsxImportSource hono/jsx */
import type { Context } from 'hono'
import type { ConsoleEnv } from '../console-env.js'
import { Layout } from './layout.js'

/** 403 for a refused state change (CSRF): a page, not JSON, because a person is reading. */
export function forbiddenPage(c: Context<ConsoleEnv>) {
  const t = c.get('t')
  return c.html(
    <Layout t={t} locale={c.get('locale')} title="403" path="/console">
      <p role="alert">{t.errors.forbidden}</p>
    </Layout>,
    403,
  )
}

/** 404 for anything outside the tenant: another tenant's data simply does not exist here. */
export function notFoundPage(c: Context<ConsoleEnv>) {
  const t = c.get('t')
  return c.html(
    <Layout t={t} locale={c.get('locale')} title="404" path="/console">
      <p role="alert">{t.errors.notFound}</p>
    </Layout>,
    404,
  )
}
