/**
 * The current UI language: chosen in the header, remembered in localStorage, defaulting to the
 * browser's language. `useMessages` gives a component a `t` function that follows it.
 */
import type { Locale } from '../../../shared/schemas';
import { localeFromLanguage, translate, type Dictionary, type Messages, type Vars } from './dictionary';
import { intlTag } from '../time/format';

const STORAGE_KEY = 'peegel.locale';

/** The language the visitor chose in the header, if any. */
function chosen(): Locale | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'et' || stored === 'en') return stored;
  } catch {
    // Storage can be blocked; fall back to the browser language.
  }
  return undefined;
}

function initialLocale(): Locale {
  return chosen() ?? localeFromLanguage(navigator.language);
}

const initial = initialLocale();
let current = $state<Locale>(initial);
document.documentElement.lang = initial;

export const i18n = {
  get locale(): Locale {
    return current;
  },
  /** BCP 47 tag for `Intl` formatting in the current locale. */
  get tag(): string {
    return intlTag(current, navigator.language);
  },
  /**
   * The language a page suggests (e.g. the one a session was booked in): applied unless the
   * visitor chose one themselves, and not remembered.
   */
  suggestLocale(locale: Locale): void {
    if (chosen()) return;
    current = locale;
    document.documentElement.lang = locale;
  },
  setLocale(locale: Locale): void {
    current = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Not remembered across visits; still switched for this one.
    }
  },
};

export type Translate<E extends Dictionary> = (key: keyof E & string, vars?: Vars) => string;

/**
 * A translate function for `messages` that reads the current locale on every call, so markup
 * using it updates when the language changes.
 * @example const t = useMessages(bookingMessages); t('book.title', { name })
 */
export function useMessages<E extends Dictionary>(messages: Messages<E>): Translate<E> {
  return (key, vars) => translate(messages, current, key, vars);
}
