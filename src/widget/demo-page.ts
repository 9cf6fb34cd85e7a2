import { html } from 'hono/html'

export const DEMO_LOCALES = ['nl', 'fr', 'en'] as const
export type DemoLocale = (typeof DEMO_LOCALES)[number]

const TEXT: Record<
  DemoLocale,
  Record<'title' | 'intro' | 'email' | 'name' | 'password' | 'submit', string>
> = {
  nl: {
    title: 'Account aanmaken',
    intro: 'Kies een wachtwoord: het verlaat deze pagina niet, alleen 5 tekens van zijn SHA-1.',
    email: 'E-mailadres',
    name: 'Naam',
    password: 'Wachtwoord',
    submit: 'Account aanmaken',
  },
  fr: {
    title: 'Créer un compte',
    intro:
      'Choisissez un mot de passe : il ne quitte pas cette page, seuls 5 caractères de son SHA-1.',
    email: 'Adresse e-mail',
    name: 'Nom',
    password: 'Mot de passe',
    submit: 'Créer le compte',
  },
  en: {
    title: 'Create an account',
    intro: 'Choose a password: it never leaves this page, only 5 characters of its SHA-1 do.',
    email: 'E-mail address',
    name: 'Name',
    password: 'Password',
    submit: 'Create account',
  },
}

/**
 * `/widget/demo?lang=nl|fr|en`: a booking-site signup form wired to the widget exactly as the
 * README's snippet does it. The submit button waits for an acceptable verdict.
 */
export function renderDemoPage(lang: DemoLocale) {
  const text = TEXT[lang]
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>pwguard — ${text.title}</title>
        <style>
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            max-width: 28rem;
            margin: 2rem auto;
            padding: 0 1rem;
            color: #1b1b1b;
          }
          label {
            display: block;
            margin-top: 1rem;
            font-weight: 600;
          }
          input {
            width: 100%;
            box-sizing: border-box;
            padding: 0.5rem;
            font: inherit;
          }
          button[type='submit'] {
            margin-top: 1.5rem;
            padding: 0.5rem 1rem;
            font: inherit;
          }
          nav a {
            margin-right: 0.75rem;
          }
        </style>
      </head>
      <body>
        <header>
          <nav aria-label="Language">
            <a href="?lang=nl" lang="nl">Nederlands</a><a href="?lang=fr" lang="fr">Français</a
            ><a href="?lang=en" lang="en">English</a>
          </nav>
        </header>
        <main>
          <h1>${text.title}</h1>
          <p>${text.intro}</p>
          <form id="signup" method="post" action="#">
            <label for="email">${text.email}</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="email"
              value="jan.desmet@wachtkamer.be"
            />
            <label for="name">${text.name}</label>
            <input id="name" name="name" autocomplete="name" value="Jan De Smet" />
            <label for="password">${text.password}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="new-password"
              required
            />
            <button type="submit" disabled>${text.submit}</button>
          </form>
        </main>
        <script type="module">
          import { attach } from '/widget/v1/pwguard.js'
          const input = document.getElementById('password')
          const context = () => ({
            email: document.getElementById('email').value,
            names: [document.getElementById('name').value],
          })
          let widget = attach(input, { context: context() })
          for (const id of ['email', 'name']) {
            document.getElementById(id).addEventListener('change', () => {
              widget.destroy()
              widget = attach(input, { context: context() })
            })
          }
          input.addEventListener('pwguard:verdict', (event) => {
            document.querySelector('button[type=submit]').disabled = !event.detail.acceptable
          })
        </script>
      </body>
    </html>`
}
