import i18n, { type BackendModule, type LanguageDetectorModule, type ReadCallback } from 'i18next';
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

// The buyer pages (main.tsx renders them without the organiser app) need only the `public`
// section: a few kB instead of every organiser screen's messages on their first load.
const publicLoaders: Record<Language, () => Promise<{ default: Pick<Messages, 'public'> }>> = {
  en: () => import('./locales/public/en').then((m) => ({ default: { public: m.default } })),
  pl: () => import('./locales/public/pl').then((m) => ({ default: { public: m.default } })),
  ja: () => import('./locales/public/ja').then((m) => ({ default: { public: m.default } })),
  ru: () => import('./locales/public/ru').then((m) => ({ default: { public: m.default } })),
  ko: () => import('./locales/public/ko').then((m) => ({ default: { public: m.default } })),
};

let publicOnly = false;

const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, _namespace: string, callback: ReadCallback) {
    if (!isLanguage(language)) {
      callback(null, {});
      return;
    }
    (publicOnly ? publicLoaders : loaders)[language]().then(
      (m) => callback(null, m.default),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), false),
    );
  },
};

// An explicit choice (stored by the switcher) wins; otherwise the browser's languages in order.
// A few lines instead of i18next-browser-languagedetector keep the public entry small.
const detector: LanguageDetectorModule = {
  type: 'languageDetector',
  init() {},
  detect() {
    try {
      const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
      if (isLanguage(stored)) return stored;
    } catch {
      // Storage may be unavailable (private mode).
    }
    const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
    for (const tag of preferred) {
      const base = tag?.toLowerCase().split('-')[0];
      if (isLanguage(base)) return base;
    }
    return DEFAULT_LANGUAGE;
  },
  cacheUserLanguage() {},
};

function applyToDocument(language: string) {
  document.documentElement.lang = language;
  document.documentElement.dir = i18n.dir(language);
}

/**
 * Starts i18next; resolves once the detected language's messages are loaded. `publicOnly`
 * (the buyer pages' document) loads only the `public` section of each language.
 */
export async function initI18n(options: { publicOnly?: boolean } = {}): Promise<typeof i18n> {
  publicOnly = options.publicOnly === true;
  i18n.on('languageChanged', applyToDocument);
  await i18n
    .use(lazyLocales)
    .use(detector)
    .use(initReactI18next)
    .init({
      supportedLngs: [...LANGUAGE_CODES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      // Every locale is complete (a missing key is a type error), so a Japanese reader loads only
      // the Japanese chunk, not English as well.
      fallbackLng: false,
      ns: ['translation'],
      defaultNS: 'translation',
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
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
