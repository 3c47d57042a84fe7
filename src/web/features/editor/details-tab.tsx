import { Alert, Button, Group, NumberInput, Radio, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, focusFirstInvalid } from '../../api/errors';
import { EVENT_FORMATS, type EventFormat } from '../../api/types';
import { FormAlert } from '../../components/form-alert';
import { msg } from '../../components/msg';
import { notifySuccess } from '../../components/notify';
import { LANGUAGES } from '../../i18n/languages';
import { isValidTimeZone, timeZones } from '../../lib/time-zones';
import { required } from '../../lib/validation';
import { usePatchEvent, type EditorEvent, type EventPatch } from './api';
import { fromWall, toWall, WallDateTime } from './inputs';
import { EditorSection } from './shared';

const FIELDS = ['title', 'description', 'format', 'venue', 'timeZone', 'locale', 'startsAt', 'endsAt', 'capacity', 'recurrenceRule'] as const;

/** Details: kind (fixed once created), time zone, format, venue, times, capacity, locale. */
export function DetailsTab({ event, editable }: { event: EditorEvent; editable: boolean }) {
  const { t } = useTranslation();
  const patch = usePatchEvent(event.id);
  const [formError, setFormError] = useState<string | null>(null);
  const timed = event.kind === 'single' || event.kind === 'series';
  const initial = useMemo(
    () => ({
      title: event.title,
      description: event.description ?? '',
      format: event.format as EventFormat,
      venue: event.venue ?? '',
      timeZone: event.timeZone,
      locale: event.locale,
      startsAt: toWall(event.startsAt, event.timeZone),
      endsAt: toWall(event.endsAt, event.timeZone),
      capacity: (event.capacity ?? '') as number | string,
      recurrenceRule: event.recurrenceRule ?? '',
    }),
    [event],
  );
  const form = useForm({
    initialValues: initial,
    validate: {
      title: required,
      venue: (v, values) => (values.format !== 'online' ? required(v) : null),
      timeZone: (v) => (v && isValidTimeZone(v) ? null : msg('validation.required')),
      endsAt: (v, values) => {
        if (!timed) return null;
        const s = fromWall(values.startsAt, values.timeZone);
        const e = fromWall(v, values.timeZone);
        return s && e && e <= s ? msg('validation.endAfterStart') : null;
      },
      capacity: (v) => (v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1) ? null : msg('validation.wholeNumber')),
    },
  });
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })), []);
  const values = form.getValues();

  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      const body: EventPatch = {};
      if (v.title.trim() !== event.title) body.title = v.title.trim();
      if (v.description !== (event.description ?? '')) body.description = v.description;
      if (v.format !== event.format) body.format = v.format;
      const venue = v.format === 'online' ? null : v.venue.trim() || null;
      if (venue !== (event.venue ?? null)) body.venue = venue;
      if (v.timeZone !== event.timeZone) body.timeZone = v.timeZone;
      if (v.locale !== event.locale) body.locale = v.locale;
      const capacity = v.capacity === '' ? null : Number(v.capacity);
      if (capacity !== event.capacity) body.capacity = capacity;
      if (timed) {
        // Times are wall clock in the (possibly new) zone: re-send them when either changed.
        const startsAt = fromWall(v.startsAt, v.timeZone);
        const endsAt = fromWall(v.endsAt, v.timeZone);
        if (startsAt && startsAt !== new Date(event.startsAt).toISOString()) body.startsAt = startsAt;
        if (endsAt && endsAt !== new Date(event.endsAt).toISOString()) body.endsAt = endsAt;
      }
      if (event.kind === 'series' && v.recurrenceRule.trim() && v.recurrenceRule.trim() !== (event.recurrenceRule ?? '')) body.recurrenceRule = v.recurrenceRule.trim().toUpperCase();
      if (Object.keys(body).length === 0) {
        notifySuccess(t('editor.noChanges'));
        return;
      }
      try {
        await patch.mutateAsync(body);
        notifySuccess(t('editor.saved'));
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, FIELDS));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );

  return (
    <EditorSection title={t('editor.details.title')} testId="details-form">
      <form onSubmit={submit} noValidate aria-label={t('editor.details.title')}>
        <Stack gap="md">
          <FormAlert message={formError} />
          <Text size="sm">
            <Text span fw={600}>
              {t('events.fields.kind')}:
            </Text>{' '}
            {t(`events.kind.${event.kind}`)} — <Text span c="dimmed">{t('editor.details.kindFixed')}</Text>
          </Text>
          <TextInput label={t('events.fields.title')} required maxLength={200} disabled={!editable} {...form.getInputProps('title')} />
          <Textarea label={t('events.fields.description')} autosize minRows={3} maxRows={10} disabled={!editable} {...form.getInputProps('description')} />
          <Radio.Group label={t('events.fields.format')} {...form.getInputProps('format')}>
            <Group gap="lg" mt="xs">
              {EVENT_FORMATS.map((f) => (
                <Radio key={f} value={f} label={t(`events.format.${f}`)} disabled={!editable} />
              ))}
            </Group>
          </Radio.Group>
          {values.format !== 'online' && (
            <TextInput label={t('events.fields.venue')} description={t('events.fields.venueHint')} required maxLength={500} disabled={!editable} {...form.getInputProps('venue')} />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('events.fields.timeZone')}
              description={t('editor.details.timeZoneHint')}
              data={zones}
              searchable
              allowDeselect={false}
              maxDropdownHeight={280}
              disabled={!editable}
              {...form.getInputProps('timeZone')}
            />
            <Select
              label={t('editor.details.locale')}
              description={t('editor.details.localeHint')}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
              allowDeselect={false}
              disabled={!editable}
              {...form.getInputProps('locale')}
            />
          </SimpleGrid>
          {timed ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <WallDateTime label={t('events.fields.startsAt')} disabled={!editable} {...form.getInputProps('startsAt')} />
              <WallDateTime label={t('events.fields.endsAt')} disabled={!editable} {...form.getInputProps('endsAt')} />
            </SimpleGrid>
          ) : (
            <Alert variant="light" color="blue">
              {t('editor.details.timesInSessions')}
            </Alert>
          )}
          {event.kind === 'series' && (
            <TextInput
              label={t('events.fields.recurrenceRule')}
              description={t('events.fields.recurrenceHint')}
              spellCheck={false}
              disabled={!editable}
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
            disabled={!editable}
            {...form.getInputProps('capacity')}
          />
          <Text size="xs" c="dimmed">
            {t('editor.details.changeNotice')}
          </Text>
          {editable && (
            <Group justify="flex-end">
              <Button type="submit" loading={patch.isPending} data-testid="details-save">
                {t('editor.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </EditorSection>
  );
}
