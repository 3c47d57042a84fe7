import { Button, Group, NumberInput, Radio, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, focusFirstInvalid } from '../../api/errors';
import { EVENT_FORMATS, EVENT_KINDS, type EventCreateInput, type EventFormat, type EventKind } from '../../api/types';
import { FormAlert } from '../../components/form-alert';
import { IconCalendar } from '../../components/icons';
import { msg } from '../../components/msg';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { describeTimeZone } from '../../lib/format';
import { browserTimeZone, isValidTimeZone, timeZones, wallTimeToUtcIso } from '../../lib/time-zones';
import { required } from '../../lib/validation';

export interface EventFormValues {
  title: string;
  description: string;
  kind: EventKind;
  format: EventFormat;
  venue: string;
  timeZone: string;
  /** Wall-clock "YYYY-MM-DD HH:mm:ss" in `timeZone` (Mantine dates' string values). */
  startsAt: string | null;
  endsAt: string | null;
  recurrenceRule: string;
  /** NumberInput yields '' when empty. */
  capacity: number | string;
}

const FIELDS = ['title', 'description', 'kind', 'format', 'venue', 'timeZone', 'startsAt', 'endsAt', 'recurrenceRule', 'capacity'] as const;

// The form sends a series without a rule as one explicit session: server errors about that
// session belong to the start/end inputs.
const FIELD_MAP: Record<string, string> = {
  'sessions.0.startsAt': 'startsAt',
  'sessions.0.endsAt': 'endsAt',
};

const MONTH_LABEL: Record<string, string> = { ja: 'YYYY年M月', ko: 'YYYY년 M월' };

const RRULE = /^(RRULE:)?FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[^;]+)*$/i;

function toUtc(wall: string | null, timeZone: string): string | null {
  return wall && isValidTimeZone(timeZone) ? wallTimeToUtcIso(wall, timeZone) : null;
}

// Wall-clock strings compared and shifted as naive UTC: durations in local time, no zone needed.
function wallMs(wall: string): number {
  return Date.parse(`${wall.replace(' ', 'T')}Z`);
}

function wallFromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Moving the start moves the end with it (keeping the duration), as calendars do; default one hour. */
function followStart(prevStart: string | null, nextStart: string, end: string | null): string {
  const duration = prevStart && end ? wallMs(end) - wallMs(prevStart) : 0;
  return wallFromMs(wallMs(nextStart) + (duration > 0 ? duration : 3_600_000));
}

/** 12- or 24-hour clock and the day-period words as the locale writes them (AM/PM, 오전/오후). */
function hourClock(locale: string): { format: '12h' | '24h'; amPm: { am: string; pm: string } } {
  const f = new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone: 'UTC' });
  const period = (hour: number, fallback: string) =>
    f.formatToParts(new Date(Date.UTC(2026, 0, 1, hour))).find((p) => p.type === 'dayPeriod')?.value ?? fallback;
  const cycle = f.resolvedOptions().hourCycle;
  return { format: cycle === 'h11' || cycle === 'h12' ? '12h' : '24h', amPm: { am: period(9, 'AM'), pm: period(21, 'PM') } };
}

/** The request body for POST /api/v1/events. */
export function toCreateInput(v: EventFormValues): EventCreateInput {
  const startsAt = toUtc(v.startsAt, v.timeZone) ?? '';
  const endsAt = toUtc(v.endsAt, v.timeZone) ?? '';
  const input: EventCreateInput = {
    title: v.title.trim(),
    timeZone: v.timeZone,
    format: v.format,
    kind: v.kind,
    startsAt,
    endsAt,
  };
  if (v.description.trim()) input.description = v.description.trim();
  if (v.format !== 'online' && v.venue.trim()) input.venue = v.venue.trim();
  if (v.capacity !== '' && v.capacity !== null) input.capacity = Number(v.capacity);
  if (v.kind === 'series') {
    const rule = v.recurrenceRule.trim();
    if (rule) input.recurrenceRule = rule.replace(/^RRULE:/i, '').toUpperCase();
    else input.sessions = [{ startsAt, endsAt }];
  }
  return input;
}

export function EventForm({
  submitLabel,
  submitting,
  onSubmit,
  secondaryAction,
}: {
  submitLabel: string;
  submitting: boolean;
  onSubmit: (input: EventCreateInput) => Promise<void>;
  secondaryAction?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const locale = useIntlLocale();
  const narrow = useMediaQuery('(max-width: 36em)');
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<EventFormValues>({
    initialValues: {
      title: '',
      description: '',
      kind: 'single',
      format: 'online',
      venue: '',
      timeZone: browserTimeZone(),
      startsAt: null,
      endsAt: null,
      recurrenceRule: '',
      capacity: '',
    },
    validate: {
      title: required,
      venue: (value, values) => (values.format !== 'online' ? required(value) : null),
      timeZone: (value) => (value && isValidTimeZone(value) ? null : msg('validation.required')),
      startsAt: (value) => (value ? null : msg('validation.required')),
      endsAt: (value, values) => {
        if (!value) return msg('validation.required');
        const start = toUtc(values.startsAt, values.timeZone);
        const end = toUtc(value, values.timeZone);
        return start && end && end <= start ? msg('validation.endAfterStart') : null;
      },
      recurrenceRule: (value, values) => {
        const rule = value.trim();
        if (values.kind !== 'series' || !rule) return null;
        return RRULE.test(rule) && /(COUNT|UNTIL)=/i.test(rule) ? null : msg('validation.rrule');
      },
      capacity: (value) => {
        if (value === '' || value === null) return null;
        const n = Number(value);
        return Number.isInteger(n) && n >= 1 ? null : msg('validation.wholeNumber');
      },
    },
  });

  const zoneOptions = useMemo(() => {
    const now = new Date();
    return timeZones().map((z) => {
      const offset = describeTimeZone(z, 'en', now).match(/\((GMT[^)]*)\)$/)?.[1];
      return { value: z, label: offset ? `${z.replace(/_/g, ' ')} (${offset})` : z.replace(/_/g, ' ') };
    });
  }, []);

  const values = form.getValues();
  const wallFormatter = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }), [locale]);
  const formatWall = (wall: string) => {
    const iso = `${wall.replace(' ', 'T')}Z`;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? wall : wallFormatter.format(d);
  };

  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      try {
        await onSubmit(toCreateInput(v));
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, FIELDS, FIELD_MAP));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );

  const clock = useMemo(() => hourClock(locale), [locale]);
  const dateProps = {
    valueFormat: formatWall,
    // "2026年11月" / "2026년 11월" rather than dayjs' "11月 2026".
    monthLabelFormat: MONTH_LABEL[i18n.resolvedLanguage ?? ''] ?? 'MMMM YYYY',
    ariaLabels: {
      nextMonth: t('dates.nextMonth'),
      previousMonth: t('dates.previousMonth'),
      nextYear: t('dates.nextYear'),
      previousYear: t('dates.previousYear'),
      nextDecade: t('dates.nextDecade'),
      previousDecade: t('dates.previousDecade'),
      monthLevelControl: t('dates.monthLevel'),
      yearLevelControl: t('dates.yearLevel'),
    },
    timePickerProps: {
      format: clock.format,
      amPmLabels: clock.amPm,
      hoursInputLabel: t('dates.hours'),
      minutesInputLabel: t('dates.minutes'),
      amPmInputLabel: t('dates.amPm'),
    },
    submitButtonProps: { 'aria-label': t('dates.confirm') },
    clearButtonProps: { 'aria-label': t('dates.clear') },
    placeholder: t('events.fields.pickDateTime'),
    leftSection: <IconCalendar size={16} />,
    dropdownType: narrow ? ('modal' as const) : ('popover' as const),
    required: true,
    clearable: true,
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('events.create.title')}>
      <Stack gap="lg">
        <FormAlert message={formError} />

        <TextInput label={t('events.fields.title')} required maxLength={200} data-testid="event-title" {...form.getInputProps('title')} />

        <Textarea label={t('events.fields.description')} autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />

        <Radio.Group label={t('events.fields.kind')} required {...form.getInputProps('kind')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
            {EVENT_KINDS.map((k) => (
              <Radio key={k} value={k} label={t(`events.kind.${k}`)} description={t(`events.kindHint.${k}`)} data-testid={`kind-${k}`} />
            ))}
          </SimpleGrid>
        </Radio.Group>

        <Radio.Group label={t('events.fields.format')} required {...form.getInputProps('format')}>
          <Group gap="lg" mt="xs">
            {EVENT_FORMATS.map((f) => (
              <Radio key={f} value={f} label={t(`events.format.${f}`)} data-testid={`format-${f}`} />
            ))}
          </Group>
        </Radio.Group>

        {values.format !== 'online' && (
          <TextInput label={t('events.fields.venue')} description={t('events.fields.venueHint')} required maxLength={500} {...form.getInputProps('venue')} />
        )}

        <Select
          label={t('events.fields.timeZone')}
          description={t('events.fields.timeZoneHint')}
          data={zoneOptions}
          searchable
          required
          allowDeselect={false}
          nothingFoundMessage="—"
          maxDropdownHeight={280}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('timeZone')}
        />

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <DateTimePicker
            label={t('events.fields.startsAt')}
            data-testid="event-starts-at"
            {...dateProps}
            {...form.getInputProps('startsAt')}
            onChange={(value) => {
              const { startsAt: prevStart, endsAt: end } = form.getValues();
              form.setFieldValue('startsAt', value);
              if (value) form.setFieldValue('endsAt', followStart(prevStart, value, end));
            }}
          />
          <DateTimePicker
            label={t('events.fields.endsAt')}
            data-testid="event-ends-at"
            minDate={values.startsAt?.slice(0, 10)}
            {...dateProps}
            {...form.getInputProps('endsAt')}
          />
        </SimpleGrid>

        {values.kind === 'series' && (
          <TextInput
            label={t('events.fields.recurrenceRule')}
            description={t('events.fields.recurrenceHint')}
            placeholder="FREQ=WEEKLY;COUNT=8"
            autoCapitalize="characters"
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('recurrenceRule')}
          />
        )}

        <NumberInput
          label={t('events.fields.capacity')}
          description={t('events.fields.capacityHint')}
          min={1}
          max={1_000_000}
          allowDecimal={false}
          allowNegative={false}
          w={{ base: '100%', sm: 240 }}
          {...form.getInputProps('capacity')}
        />

        <Group justify="flex-end" gap="sm" mt="sm">
          {secondaryAction}
          <Button type="submit" loading={submitting} data-testid="event-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
