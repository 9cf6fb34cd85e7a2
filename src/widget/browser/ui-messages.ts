import type { Locale } from '../../policy/policy-messages.js'

/** The widget's own labels; rule messages come from policy-messages (shared with the server). */
export interface UiMessages {
  show: string
  hide: string
  strength: string
  accepted: string
}

export const UI_MESSAGES: Record<Locale, UiMessages> = {
  en: {
    show: 'Show password',
    hide: 'Hide password',
    strength: 'Password strength',
    accepted: 'Good: this password is accepted.',
  },
  nl: {
    show: 'Wachtwoord tonen',
    hide: 'Wachtwoord verbergen',
    strength: 'Sterkte van het wachtwoord',
    accepted: 'Goed: dit wachtwoord wordt aanvaard.',
  },
  fr: {
    show: 'Afficher le mot de passe',
    hide: 'Masquer le mot de passe',
    strength: 'Robustesse du mot de passe',
    accepted: 'Bien : ce mot de passe est accepté.',
  },
  de: {
    show: 'Passwort anzeigen',
    hide: 'Passwort verbergen',
    strength: 'Passwortstärke',
    accepted: 'Gut: Dieses Passwort wird akzeptiert.',
  },
}
