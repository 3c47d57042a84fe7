// Languages of the seeds' markets (SPEC 7). Names are endonyms: a reader looking for their own
// language recognises it whatever the current UI language is.
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'pl', name: 'Polski' },
  { code: 'ja', name: '日本語' },
  { code: 'ru', name: 'Русский' },
  { code: 'ko', name: '한국어' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_CODES: readonly Language[] = LANGUAGES.map((l) => l.code);

export const DEFAULT_LANGUAGE: Language = 'en';

/** Where the user's explicit choice is remembered. */
export const LANGUAGE_STORAGE_KEY = 'foyer.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);
}
