import 'dayjs/locale/en';
import 'dayjs/locale/pl';
import 'dayjs/locale/ja';
import 'dayjs/locale/ru';
import 'dayjs/locale/ko';
import { DatesProvider } from '@mantine/dates';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useIntlLocale } from '../../i18n/use-intl-locale';

// Weeks start on Sunday in the US, Japan and Korea, on Monday in Poland, Russia and the UK.
function firstDayOfWeek(locale: string): 0 | 1 {
  const l = locale.toLowerCase();
  if (l === 'en' || l === 'en-us' || l.startsWith('ja') || l.startsWith('ko')) return 0;
  return 1;
}

/** Mantine dates (calendar month and weekday names) in the UI language. */
export function LocalisedDates({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = useIntlLocale();
  return <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en', firstDayOfWeek: firstDayOfWeek(locale) }}>{children}</DatesProvider>;
}
