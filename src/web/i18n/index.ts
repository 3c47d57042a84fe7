import i18n, { type BackendModule, type ReadCallback } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, LANGUAGE_STORAGE_KEY, isLanguage, type Language } from './languages';
import type { Messages } from './locales/en';

// One chunk per locale: a visitor downloads only the language they read (plus English as the
// fallback), so adding languages never grows the public entry.
const loaders: Record<Language, () => Promise<{ default: Messages }>> = {
  en: () => import('./locales/en'),
  pl: () => import('./locales/pl'),
  ja: () => import('./locales/ja'),
  ru: () => import('./locales/ru'),
  ko: () => import('./locales/ko'),
};

const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, _namespace: string, callback: ReadCallback) {
    if (!isLanguage(language)) {
      callback(null, {});
      return;
    }
    loaders[language]().then(
      (m) => callback(null, m.default),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), false),
    );
  },
};

function applyToDocument(language: string) {
  document.documentElement.lang = language;
  document.documentElement.dir = i18n.dir(language);
}

/** Starts i18next; resolves once the detected language's messages are loaded. */
export async function initI18n(): Promise<typeof i18n> {
  i18n.on('languageChanged', applyToDocument);
  await i18n
    .use(lazyLocales)
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      supportedLngs: [...LANGUAGE_CODES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: DEFAULT_LANGUAGE,
      ns: ['translation'],
      defaultNS: 'translation',
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      detection: {
        // An explicit choice (stored by the switcher) wins; otherwise the browser's languages.
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: [],
      },
      react: { useSuspense: false },
    });
  applyToDocument(currentLanguage());
  return i18n;
}

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers the choice for the next visit. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private mode); the switch still applies to this visit.
  }
  await i18n.changeLanguage(language);
}

/**
 * The BCP 47 locale for Intl formatting: the browser's own regional variant when it matches
 * the UI language (en-GB gets day-month dates), otherwise the bare language.
 */
export function intlLocale(language: Language = currentLanguage()): string {
  const preferred = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  return preferred.find((l) => l.toLowerCase().split('-')[0] === language) ?? language;
}

export { i18n };
