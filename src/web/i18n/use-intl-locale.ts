import { useTranslation } from 'react-i18next';
import { intlLocale } from './index';
import { DEFAULT_LANGUAGE, isLanguage } from './languages';

/** The Intl locale for the current UI language; re-renders the caller when it changes. */
export function useIntlLocale(): string {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return intlLocale(isLanguage(lng) ? lng : DEFAULT_LANGUAGE);
}
