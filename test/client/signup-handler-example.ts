// The README's integration example ("Typed client"), verbatim: test/client checks both agree.
import { createPwguardClient } from 'pwguard/client'

const pwguard = createPwguardClient({
  baseUrl: process.env.PWGUARD_URL ?? 'http://localhost:8787',
  apiKey: process.env.PWGUARD_KEY ?? '', // scopes check + login; server side only
})

/** POST /signup on the booking site: the browser widget already warned; this decides. */
export async function signup(form: { patientId: string; email: string; password: string }) {
  const created = await pwguard.createAccount({
    externalId: form.patientId,
    email: form.email,
    password: form.password,
  })
  if (created.ok) return { status: 201, body: { id: created.account.externalId } }
  // 422: the password failed the check; `violations` carries codes and messages to show.
  return { status: created.status, body: created.problem }
}

/** POST /login: pwguard verifies (and upgrades legacy hashes); the site keeps the session. */
export async function login(form: { email: string; password: string }, ip: string) {
  const result = await pwguard.login({ email: form.email, password: form.password, client: { ip } })
  if ('status' in result) return { status: 429, body: result.problem } // throttled
  if (!result.ok) return { status: 401, body: { error: 'Wrong e-mail or password.' } }
  return { status: 200, body: { id: result.externalId, mustReset: result.mustReset } }
}
