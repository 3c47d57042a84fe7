import { DateTimePicker, type DateTimePickerProps } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCalendar } from '../../components/icons';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { minorDigits } from '../../lib/format';
import { utcIsoToWallTime, wallTimeToUtcIso } from '../../lib/time-zones';

const MONTH_LABEL: Record<string, string> = { ja: 'YYYY年M月', ko: 'YYYY년 M월' };

/** 12- or 24-hour clock and the day-period words as the locale writes them. */
function hourClock(locale: string): { format: '12h' | '24h'; amPm: { am: string; pm: string } } {
  const f = new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone: 'UTC' });
  const period = (hour: number, fallback: string) => f.formatToParts(new Date(Date.UTC(2026, 0, 1, hour))).find((p) => p.type === 'dayPeriod')?.value ?? fallback;
  const cycle = f.resolvedOptions().hourCycle;
  return { format: cycle === 'h11' || cycle === 'h12' ? '12h' : '24h', amPm: { am: period(9, 'AM'), pm: period(21, 'PM') } };
}

/**
 * A date-time picker whose value is wall-clock time in the event's zone ("YYYY-MM-DD HH:mm:ss"),
 * localised like the create form's pickers.
 */
export function WallDateTime(props: Omit<DateTimePickerProps, 'value' | 'onChange'> & { value?: string | null; onChange?: (v: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const locale = useIntlLocale();
  const narrow = useMediaQuery('(max-width: 36em)');
  const clock = useMemo(() => hourClock(locale), [locale]);
  const wallFormatter = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }), [locale]);
  const formatWall = (wall: string) => {
    const d = new Date(`${wall.replace(' ', 'T')}Z`);
    return Number.isNaN(d.getTime()) ? wall : wallFormatter.format(d);
  };
  return (
    <DateTimePicker
      valueFormat={formatWall}
      monthLabelFormat={MONTH_LABEL[i18n.resolvedLanguage ?? ''] ?? 'MMMM YYYY'}
      ariaLabels={{
        nextMonth: t('dates.nextMonth'),
        previousMonth: t('dates.previousMonth'),
        nextYear: t('dates.nextYear'),
        previousYear: t('dates.previousYear'),
        nextDecade: t('dates.nextDecade'),
        previousDecade: t('dates.previousDecade'),
        monthLevelControl: t('dates.monthLevel'),
        yearLevelControl: t('dates.yearLevel'),
      }}
      timePickerProps={{ format: clock.format, amPmLabels: clock.amPm, hoursInputLabel: t('dates.hours'), minutesInputLabel: t('dates.minutes'), amPmInputLabel: t('dates.amPm') }}
      submitButtonProps={{ 'aria-label': t('dates.confirm') }}
      clearButtonProps={{ 'aria-label': t('dates.clear') }}
      placeholder={t('events.fields.pickDateTime')}
      leftSection={<IconCalendar size={16} />}
      dropdownType={narrow ? 'modal' : 'popover'}
      clearable
      {...props}
      value={props.value ?? null}
      onChange={(v) => props.onChange?.(v ? String(v) : null)}
    />
  );
}

export const toWall = (iso: string | null | undefined, timeZone: string) => (iso ? utcIsoToWallTime(iso, timeZone) : null);
export const fromWall = (wall: string | null, timeZone: string) => (wall ? wallTimeToUtcIso(wall, timeZone) : null);

/** Minor units → the major amount shown in inputs (1999 USD → 19.99; 1500 JPY → 1500). */
export const toMajor = (amount: number, currency: string) => amount / 10 ** minorDigits(currency);
/** The inverse, rounded to whole minor units. */
export const toMinor = (major: number, currency: string) => Math.round(major * 10 ** minorDigits(currency));
