import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage, focusFirstInvalid } from '../../api/errors';
import type { EventSession } from '../../api/types';
import { FormAlert } from '../../components/form-alert';
import { IconPlus } from '../../components/icons';
import { msg } from '../../components/msg';
import { notifyError, notifySuccess } from '../../components/notify';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useMembers } from '../settings/api';
import { useDeleteSession, useSaveSession, type EditorEvent } from './api';
import { fromWall, toWall, WallDateTime } from './inputs';
import { EditorSection } from './shared';

/** Days (multi-day), occurrences (series) and slots (bookable), each with capacity and staff. */
export function SessionsTab({ event, editable }: { event: EditorEvent; editable: boolean }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const members = useMembers();
  const remove = useDeleteSession(event.id);
  const [editing, setEditing] = useState<EventSession | 'new' | null>(null);
  const staffName = (id: string | null) => (id ? (members.data?.find((m) => m.id === id)?.name ?? '—') : '—');
  const sessions = event.sessions.filter((s) => s.status !== 'cancelled');
  const onDelete = (s: EventSession) =>
    remove.mutate(s.id, { onSuccess: () => notifySuccess(t('editor.sessions.removed')), onError: (err) => notifyError(t('editor.sessions.remove'), errorMessage(err, t)) });
  return (
    <EditorSection
      title={t(`editor.sessions.title.${event.kind}`)}
      description={t(`editor.sessions.hint.${event.kind}`)}
      testId="sessions-editor"
      actions={
        editable && event.kind !== 'single' ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="session-add">
            {t(`editor.sessions.add.${event.kind}`)}
          </Button>
        ) : undefined
      }
    >
      {sessions.length === 0 ? (
        <Text c="dimmed">{t('events.detail.noSessions')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table striped verticalSpacing="xs" data-testid="sessions-edit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('events.detail.sessionColumns.startsAt')}</Table.Th>
                <Table.Th scope="col">{t('events.detail.sessionColumns.endsAt')}</Table.Th>
                <Table.Th scope="col">{t('events.detail.sessionColumns.capacity')}</Table.Th>
                <Table.Th scope="col">{t('editor.sessions.staff')}</Table.Th>
                <Table.Th scope="col">
                  <span className="foyer-visually-hidden">{t('editor.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{formatDateTime(s.startsAt, event.timeZone, locale)}</Table.Td>
                  <Table.Td>{formatDateTime(s.endsAt, event.timeZone, locale)}</Table.Td>
                  <Table.Td>{s.capacity === null ? '—' : formatNumber(s.capacity, locale)}</Table.Td>
                  <Table.Td className="foyer-wrap">{staffName(s.staffMemberId)}</Table.Td>
                  <Table.Td>
                    {editable && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing(s)}>
                          {t('editor.edit')}
                        </Button>
                        {sessions.length > 1 && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(s)}>
                            {t('editor.sessions.remove')}
                          </Button>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t(`editor.sessions.add.${event.kind}`) : t('editor.sessions.editTitle')}
        centered
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing !== null && (
          <SessionForm
            event={event}
            session={editing === 'new' ? null : editing}
            staff={(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </EditorSection>
  );
}

const wallMs = (wall: string) => Date.parse(`${wall.replace(' ', 'T')}Z`);
const wallFromMs = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

function defaultLengthMs(event: EditorEvent): number {
  const first = event.sessions.find((s) => s.status !== 'cancelled');
  const len = first ? Date.parse(first.endsAt) - Date.parse(first.startsAt) : 0;
  return len > 0 ? len : 3_600_000;
}

function followStart(prevStart: string | null, nextStart: string, end: string | null, fallbackMs: number): string {
  const kept = prevStart && end ? wallMs(end) - wallMs(prevStart) : 0;
  return wallFromMs(wallMs(nextStart) + (kept > 0 ? kept : fallbackMs));
}

function SessionForm({ event, session, staff, onDone }: { event: EditorEvent; session: EventSession | null; staff: { value: string; label: string }[]; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveSession(event.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      startsAt: toWall(session?.startsAt, event.timeZone),
      endsAt: toWall(session?.endsAt, event.timeZone),
      capacity: (session?.capacity ?? '') as number | string,
      staffMemberId: session?.staffMemberId ?? null,
    },
    validate: {
      startsAt: (v) => (v ? null : msg('validation.required')),
      endsAt: (v, values) => {
        if (!v) return msg('validation.required');
        const s = fromWall(values.startsAt, event.timeZone);
        const e = fromWall(v, event.timeZone);
        return s && e && e <= s ? msg('validation.endAfterStart') : null;
      },
      capacity: (v) => (v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1) ? null : msg('validation.wholeNumber')),
    },
  });
  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      try {
        await save.mutateAsync({
          sessionId: session?.id,
          body: {
            startsAt: fromWall(v.startsAt, event.timeZone) ?? '',
            endsAt: fromWall(v.endsAt, event.timeZone) ?? '',
            capacity: v.capacity === '' ? null : Number(v.capacity),
            staffMemberId: v.staffMemberId,
          },
        });
        notifySuccess(t('editor.saved'));
        onDone();
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, ['startsAt', 'endsAt', 'capacity', 'staffMemberId']));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        <Text size="sm" c="dimmed">
          {t('editor.sessions.zoneNote', { zone: event.timeZone })}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <WallDateTime
            label={t('events.fields.startsAt')}
            required
            {...form.getInputProps('startsAt')}
            onChange={(value) => {
              // The end follows the start, keeping the length (else that of the first session, else an hour).
              const { startsAt: prev, endsAt: end } = form.getValues();
              form.setFieldValue('startsAt', value);
              if (value) form.setFieldValue('endsAt', followStart(prev, value, end, defaultLengthMs(event)));
            }}
            data-testid="session-starts-at"
          />
          <WallDateTime label={t('events.fields.endsAt')} required {...form.getInputProps('endsAt')} data-testid="session-ends-at" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput label={`${t('events.fields.capacity')} (${t('common.optional')})`} min={1} allowDecimal={false} allowNegative={false} {...form.getInputProps('capacity')} />
          <Select label={`${t('editor.sessions.staff')} (${t('common.optional')})`} description={t('editor.sessions.staffHint')} data={staff} clearable {...form.getInputProps('staffMemberId')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="session-save">
            {t('editor.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
