import type { Locale } from '../../policy/policy-messages.js'

/** The widget's own labels; rule messages come from policy-messages (shared with the server). */
export interface UiMessages {
  show: string
  hide: string
  strength: string
  checking: string
  accepted: string
}

export const UI_MESSAGES: Record<Locale, UiMessages> = {
  en: {
    show: 'Show password',
    hide: 'Hide password',
    strength: 'Password strength',
    checking: 'Checking…',
    accepted: 'Good: this password is accepted.',
  },
  nl: {
    show: 'Wachtwoord tonen',
    hide: 'Wachtwoord verbergen',
    strength: 'Sterkte van het wachtwoord',
    checking: 'Bezig met controleren…',
    accepted: 'Goed: dit wachtwoord wordt aanvaard.',
  },
  fr: {
    show: 'Afficher le mot de passe',
    hide: 'Masquer le mot de passe',
    strength: 'Robustesse du mot de passe',
    checking: 'Vérification…',
    accepted: 'Bien : ce mot de passe est accepté.',
  },
  de: {
    show: 'Passwort anzeigen',
    hide: 'Passwort verbergen',
    strength: 'Passwortstärke',
    checking: 'Wird geprüft…',
    accepted: 'Gut: Dieses Passwort wird akzeptiert.',
  },
}
