/** @jsxImportSource hono/jsx */
import type { accountViewOn } from '../../accounts/account-view.js'
import type { Messages } from '../i18n/messages.js'
import type { ConsoleLocale } from '../i18n/pick-locale.js'
import { Csrf, Layout } from './layout.js'

/** Search by externalId or e-mail; the result never shows an address, only the account id. */
export function AccountsPage(props: {
  t: Messages
  locale: ConsoleLocale
  csrfToken: string
  searched?: boolean
  account?: Awaited<ReturnType<typeof accountViewOn>>
  token?: string | undefined
}) {
  const { t, account } = props
  return (
    <Layout
      t={t}
      locale={props.locale}
      title={t.accounts.title}
      path="/console/accounts"
      csrfToken={props.csrfToken}
    >
      <form method="post" action="/console/accounts" class="stack narrow">
        <Csrf token={props.csrfToken} />
        <label for="q">{t.accounts.query}</label>
        <input id="q" name="q" required autocomplete="off" />
        <button type="submit">{t.accounts.find}</button>
      </form>
      {props.searched && !account && <p role="status">{t.accounts.notFound}</p>}
      {account && (
        <section aria-labelledby="account-id">
          <h2 id="account-id">{account.externalId}</h2>
          <table>
            <tbody>
              <tr>
                <th scope="row">{t.accounts.scheme}</th>
                <td>{account.scheme}</td>
              </tr>
              <tr>
                <th scope="row">{t.accounts.mustReset}</th>
                <td>{account.mustReset ? t.accounts.yes : t.accounts.no}</td>
              </tr>
              <tr>
                <th scope="row">{t.accounts.reasons}</th>
                <td>{account.resetReasons.join(', ')}</td>
              </tr>
              <tr>
                <th scope="row">{t.accounts.exposures}</th>
                <td>
                  {account.exposures.map((e) => (
                    <a href={`/console/incidents/${e.incidentId}`}>{e.incidentId} </a>
                  ))}
                </td>
              </tr>
            </tbody>
          </table>
          {props.token ? (
            <p>
              {t.accounts.tokenOnce} <code class="secret">{props.token}</code>
            </p>
          ) : (
            <form
              method="post"
              action={`/console/accounts/${encodeURIComponent(account.externalId)}/reset`}
            >
              <Csrf token={props.csrfToken} />
              <button type="submit" class="danger">
                {t.accounts.forceOne}
              </button>
            </form>
          )}
        </section>
      )}
    </Layout>
  )
}
