import { en, type Messages } from './messages-en.js'
import { fr } from './messages-fr.js'
import { nl } from './messages-nl.js'
import type { ConsoleLocale } from './pick-locale.js'

export type { Messages }

export const MESSAGES: Record<ConsoleLocale, Messages> = { en, nl, fr }
