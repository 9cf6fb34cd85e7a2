/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { Messages } from '../i18n/messages.js'
import { CONSOLE_LOCALES, type ConsoleLocale } from '../i18n/pick-locale.js'
import { MESSAGES } from '../i18n/messages.js'

export interface PageFrame {
  t: Messages
  locale: ConsoleLocale
  title: string
  /** Path of the page, for the language switcher and the current nav item. */
  path: string
  /** Absent on the sign-in page: no navigation, no sign-out form. */
  csrfToken?: string
}

const NAV = [
  ['/console', 'overview'],
  ['/console/incidents', 'incidents'],
  ['/console/accounts', 'accounts'],
  ['/console/migration', 'migration'],
  ['/console/audit', 'audit'],
  ['/console/keys', 'keys'],
  ['/console/webhook', 'webhook'],
  ['/console/policy', 'policy'],
] as const

/** The page shell: one stylesheet and one script, both served by pwguard (CSP: 'self'). */
export function Layout(props: PageFrame & { children?: Child }) {
  const { t, locale, title, path } = props
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · pwguard`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#content">
          {t.skip}
        </a>
        <header>
          <span class="brand">pwguard</span>
          {props.csrfToken !== undefined && (
            <nav aria-label="pwguard">
              <ul>
                {NAV.map(([href, key]) => (
                  <li>
                    <a href={href} aria-current={isCurrent(path, href) ? 'page' : undefined}>
                      {t.nav[key]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <nav aria-label={t.nav.language} class="langs">
            {CONSOLE_LOCALES.map((code) => (
              <a
                href={`${path}?lang=${code}`}
                lang={code}
                aria-current={code === locale ? 'true' : undefined}
              >
                {MESSAGES[code].lang}
              </a>
            ))}
          </nav>
          {props.csrfToken !== undefined && (
            <form method="post" action="/console/logout" class="signout">
              <input type="hidden" name="_csrf" value={props.csrfToken} />
              <button type="submit">{t.nav.signOut}</button>
            </form>
          )}
        </header>
        <main id="content">
          <h1>{title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  )
}

function isCurrent(path: string, href: string): boolean {
  return href === '/console' ? path === '/console' : path.startsWith(href)
}

/** A hidden form field carrying the synchroniser token. */
export const Csrf = (props: { token: string }) => (
  <input type="hidden" name="_csrf" value={props.token} />
)
