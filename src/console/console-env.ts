import type { BodyMeter } from '../http/body-meter.js'
import type { Tenant } from '../tenants/tenant-store.js'
import type { Messages } from './i18n/messages.js'
import type { ConsoleLocale } from './i18n/pick-locale.js'

/** Who is signed in: set by the session middleware for every page behind the login. */
export interface ConsoleActor {
  userId: string
  sessionId: string
  tenant: Tenant
  /** The synchroniser token forms and scripts must send back on every state change. */
  csrfToken: string
}

export interface ConsoleEnv {
  Variables: {
    requestId: string
    /** The app's body meter (meterRequestBody): counts and limits what handlers read. */
    bodyMeter: BodyMeter
    actor: ConsoleActor
    locale: ConsoleLocale
    t: Messages
  }
}

/** The audit actor string for a console user: ids only, never the e-mail. */
export const auditActor = (actor: ConsoleActor) => `console:${actor.userId}`
