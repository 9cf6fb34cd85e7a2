/** @jsxImportSource hono/jsx */
import type { Messages } from '../i18n/messages.js'
import type { ConsoleLocale } from '../i18n/pick-locale.js'
import { Layout } from './layout.js'

/** The sign-in form: everything in one step, so no half-signed-in state exists. */
export function LoginPage(props: {
  t: Messages
  locale: ConsoleLocale
  tenant?: string
  error?: string
}) {
  const { t } = props
  return (
    <Layout t={t} locale={props.locale} title={t.login.title} path="/console/login">
      {props.error && (
        <p role="alert" class="error">
          {props.error}
        </p>
      )}
      <form method="post" action="/console/login" class="stack narrow">
        <label for="tenant">{t.login.tenant}</label>
        <input
          id="tenant"
          name="tenant"
          required
          autocomplete="organization"
          value={props.tenant ?? ''}
        />
        <label for="email">{t.login.email}</label>
        <input id="email" name="email" type="email" required autocomplete="username" />
        <label for="password">{t.login.password}</label>
        <input
          id="password"
          name="password"
          type="password"
          required
          autocomplete="current-password"
          maxlength={1024}
        />
        <label for="code">{t.login.code}</label>
        <input
          id="code"
          name="code"
          required
          inputmode="numeric"
          pattern="[0-9]{6}"
          autocomplete="one-time-code"
        />
        <button type="submit">{t.login.submit}</button>
      </form>
    </Layout>
  )
}
