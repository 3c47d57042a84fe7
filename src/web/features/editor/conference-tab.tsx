import { Alert, Anchor, Badge, Button, Card, Checkbox, Code, Group, Radio, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage, focusFirstInvalid } from '../../api/errors';
import { FormAlert } from '../../components/form-alert';
import { IconAlert } from '../../components/icons';
import { msg } from '../../components/msg';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useDefaultAccount, useZoomIntegration, type ConferencingAccount, type ZoomIntegration } from '../settings/api';
import { useConferences, useEnableRegistration, usePutConference, useRemoveConference, useZoomConferences, type Conference, type ConferenceBody, type EditorEvent, type ZoomConference } from './api';
import { EditorSection } from './shared';

type Provider = 'zoom' | 'jitsi' | 'custom_link';
type Kind = 'meeting' | 'webinar';

const MEETING_SETTINGS = ['waitingRoom', 'joinBeforeHost', 'registrationRequired', 'participantVideo', 'muteUponEntry'] as const;
const WEBINAR_SETTINGS = ['allowMultipleDevices', 'panelistsVideo', 'questionAndAnswer', 'onDemand', 'practiceSession'] as const;
const SETTING_DEFAULTS: Record<string, boolean> = { waitingRoom: false, joinBeforeHost: false, registrationRequired: true, participantVideo: false, muteUponEntry: true, allowMultipleDevices: false, panelistsVideo: true, questionAndAnswer: true, onDemand: false, practiceSession: false };

/** Conference per event or per day/slot: link an existing Zoom meeting/webinar or generate one (SPEC 3.3). */
export function ConferenceTab({ event, editable }: { event: EditorEvent; editable: boolean }) {
  const { t } = useTranslation();
  const conferences = useConferences(event.id);
  const current = conferences.data?.find((c) => c.status === 'active' && c.sessionId === null) ?? conferences.data?.find((c) => c.status === 'active') ?? null;
  return (
    <Stack gap="lg">
      <EditorSection title={t('editor.conference.current')} description={t('editor.conference.currentHint')} testId="conferences">
        {conferences.isPending ? (
          <Skeleton height={120} />
        ) : conferences.isError ? (
          <QueryError title={t('editor.loadError')} error={conferences.error} onRetry={() => void conferences.refetch()} />
        ) : conferences.data.filter((c) => c.status === 'active').length === 0 ? (
          <Text c="dimmed">{event.format === 'in_person' ? t('editor.conference.noneInPerson') : t('editor.conference.none')}</Text>
        ) : (
          <Stack gap="sm">
            {conferences.data
              .filter((c) => c.status === 'active')
              .map((c) => (
                <ConferenceCard key={c.id} event={event} conference={c} editable={editable} />
              ))}
          </Stack>
        )}
      </EditorSection>
      {editable && conferences.isSuccess && (
        <EditorSection title={t('editor.conference.setUp')} description={t('editor.conference.setUpHint')} testId="conference-form">
          <ConferenceForm key={current?.id ?? 'none'} event={event} current={current} />
        </EditorSection>
      )}
    </Stack>
  );
}

function sessionLabel(event: EditorEvent, sessionId: string | null, locale: string, t: (k: 'editor.conference.wholeEvent') => string) {
  if (!sessionId) return t('editor.conference.wholeEvent');
  const s = event.sessions.find((x) => x.id === sessionId);
  return s ? formatDateTime(s.startsAt, event.timeZone, locale) : sessionId;
}

function ConferenceCard({ event, conference: c, editable }: { event: EditorEvent; conference: Conference; editable: boolean }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const enable = useEnableRegistration(event.id);
  const remove = useRemoveConference(event.id);
  const needsRegistration = c.provider === 'zoom' && !c.registrationEnabled;
  return (
    <Card withBorder radius="sm" padding="md" data-testid="conference-card">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text fw={600}>{sessionLabel(event, c.sessionId, locale, t)}</Text>
            <Badge variant="light" tt="none" c="blue.9">
              {t(`settings.conferencing.providers.${c.provider as Provider}`)}
            </Badge>
            {c.provider === 'zoom' && (
              <Badge variant="outline" color="gray" c="gray.8" tt="none">
                {t(`editor.conference.kinds.${c.kind}`)}
              </Badge>
            )}
            <Badge variant="outline" color="gray" c="gray.8" tt="none">
              {c.generated ? t('editor.conference.generated') : t('editor.conference.linked')}
            </Badge>
          </Group>
          {editable && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(c.sessionId, { onSuccess: () => notifySuccess(t('editor.conference.removed')), onError: (err) => notifyError(t('editor.conference.remove'), errorMessage(err, t)) })}
            >
              {t('editor.conference.remove')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {c.provider === 'zoom' && (
            <Text size="sm">
              {t('editor.conference.id')}: <Code data-testid="conference-external-id">{c.externalId}</Code>
            </Text>
          )}
          {c.hostEmail && <Text size="sm">{t('editor.conference.host', { email: c.hostEmail })}</Text>}
          {c.passcode && (
            <Text size="sm">
              {t('editor.conference.passcode')}: <Code>{c.passcode}</Code>
            </Text>
          )}
          {c.registrantLimit !== null && <Text size="sm">{t('editor.conference.limit', { n: formatNumber(c.registrantLimit, locale) })}</Text>}
        </SimpleGrid>
        {c.joinUrl && (
          <Text size="sm" className="foyer-wrap">
            {t('editor.conference.joinUrl')}:{' '}
            <Anchor href={c.joinUrl} target="_blank" rel="noopener noreferrer">
              {c.joinUrl}
            </Anchor>
          </Text>
        )}
        {needsRegistration && (
          <Alert color="yellow" variant="light" icon={<IconAlert />} title={t('editor.conference.registrationOff')} styles={{ title: { color: 'var(--mantine-color-text)' } }} data-testid="registration-warning">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('editor.conference.registrationOffText')}</Text>
              {editable && (
                <Button
                  size="xs"
                  loading={enable.isPending}
                  data-testid="enable-registration"
                  onClick={() => enable.mutate(c.id, { onSuccess: () => notifySuccess(t('editor.conference.registrationEnabled')), onError: (err) => notifyError(t('editor.conference.enableRegistration'), errorMessage(err, t)) })}
                >
                  {t('editor.conference.enableRegistration')}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

interface FormValues {
  target: string;
  layout: 'single' | 'per_session';
  provider: Provider;
  mode: 'generate' | 'link';
  kind: Kind;
  meetingId: string | null;
  autoRecording: 'none' | 'local' | 'cloud';
  joinLinkSender: 'foyer' | 'zoom';
  settings: Record<string, boolean>;
  url: string;
  password: string;
  description: string;
}

function ConferenceForm({ event, current }: { event: EditorEvent; current: Conference | null }) {
  const zoom = useZoomIntegration();
  const account = useDefaultAccount();
  if (zoom.isPending || account.isPending) return <Skeleton height={200} />;
  return <ConferenceFormInner event={event} current={current} zoom={zoom.data} account={account.data} />;
}

function ConferenceFormInner({ event, current, zoom, account }: { event: EditorEvent; current: Conference | null; zoom?: ZoomIntegration; account?: ConferencingAccount }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const put = usePutConference(event.id);
  const [formError, setFormError] = useState<string | null>(null);
  const zoomConnected = zoom?.connected === true;
  const sessions = event.sessions.filter((s) => s.status !== 'cancelled');
  const form = useForm<FormValues>({
    initialValues: {
      target: '',
      layout: 'single',
      // What is there now, else the organisation's explicit default, else Zoom when connected.
      provider: (current?.provider as Provider | undefined) ?? (account && !account.implicit ? (account.provider as Provider) : zoomConnected ? 'zoom' : 'jitsi'),
      mode: current && !current.generated ? 'link' : 'generate',
      kind: current?.kind ?? 'meeting',
      meetingId: null,
      autoRecording: (['none', 'local', 'cloud'] as const).find((r) => r === current?.settings.autoRecording) ?? 'none',
      joinLinkSender: current?.settings.joinLinkSender === 'zoom' ? 'zoom' : (zoom?.joinLinkSender ?? 'foyer'),
      // Start from the current conference's choices so regenerating keeps them.
      settings: {
        ...SETTING_DEFAULTS,
        ...(Object.fromEntries(Object.entries(current?.settings ?? {}).filter(([k, v]) => k in SETTING_DEFAULTS && typeof v === 'boolean')) as Record<string, boolean>),
      },
      url: '',
      password: '',
      description: '',
    },
    validate: {
      meetingId: (v, values) => (values.provider === 'zoom' && values.mode === 'link' && !v ? msg('editor.conference.chooseMeeting') : null),
      url: (v, values) => (values.provider === 'custom_link' && !/^https?:\/\/\S+$/i.test(v.trim()) ? msg('settings.conferencing.urlInvalid') : null),
    },
  });
  const values = form.getValues();
  const listing = useZoomConferences(values.kind, values.provider === 'zoom' && values.mode === 'link' && zoomConnected);
  const chosen = listing.data?.find((m) => m.id === values.meetingId) ?? null;

  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      const body: ConferenceBody = { provider: v.provider, mode: v.provider === 'zoom' ? v.mode : 'generate' };
      if (v.provider === 'zoom') {
        body.kind = v.kind;
        if (v.mode === 'link') body.meetingId = v.meetingId ?? undefined;
        const keys = v.kind === 'meeting' ? MEETING_SETTINGS : WEBINAR_SETTINGS;
        const settings: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, v.settings[k] ?? false]));
        if (v.kind === 'webinar') settings.autoRecording = v.autoRecording;
        settings.joinLinkSender = v.joinLinkSender;
        body.settings = v.mode === 'generate' ? settings : { joinLinkSender: v.joinLinkSender };
      }
      if (v.provider === 'custom_link') {
        body.url = v.url.trim();
        body.password = v.password.trim() || null;
        body.description = v.description.trim() || null;
      }
      if (!v.target && sessions.length > 1) body.layout = v.layout;
      try {
        await put.mutateAsync({ sessionId: v.target || null, body });
        notifySuccess(t('editor.conference.saved'));
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, ['meetingId', 'url', 'password', 'description', 'kind', 'provider']));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );

  const targetOptions = [
    { value: '', label: t('editor.conference.wholeEvent') },
    ...(sessions.length > 1 ? sessions.map((s) => ({ value: s.id, label: formatDateTime(s.startsAt, event.timeZone, locale) })) : []),
  ];
  const settingKeys = values.kind === 'meeting' ? MEETING_SETTINGS : WEBINAR_SETTINGS;

  return (
    <form onSubmit={submit} noValidate aria-label={t('editor.conference.setUp')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        {sessions.length > 1 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('editor.conference.target')} data={targetOptions} allowDeselect={false} {...form.getInputProps('target')} />
            {!values.target && (
              <Radio.Group label={t('editor.conference.layout')} {...form.getInputProps('layout')}>
                <Stack gap={6} mt="xs">
                  <Radio value="single" label={t('editor.conference.layoutSingle')} />
                  <Radio value="per_session" label={t(`editor.conference.layoutPer.${event.kind === 'bookable' ? 'slot' : 'day'}`)} />
                </Stack>
              </Radio.Group>
            )}
          </SimpleGrid>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500} id="conf-provider-label">
            {t('settings.conferencing.provider')}
          </Text>
          <SegmentedControl
            aria-labelledby="conf-provider-label"
            w="fit-content"
            data={(['zoom', 'jitsi', 'custom_link'] as Provider[]).map((p) => ({ value: p, label: t(`settings.conferencing.providers.${p}`), disabled: p === 'zoom' && !zoomConnected }))}
            data-testid="conference-provider"
            {...form.getInputProps('provider')}
          />
          {!zoomConnected && (
            <Text size="xs" c="dimmed">
              {t('editor.conference.zoomNotConnected')}
            </Text>
          )}
        </Stack>

        {values.provider === 'zoom' && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Radio.Group label={t('editor.conference.mode')} {...form.getInputProps('mode')}>
                <Stack gap={6} mt="xs">
                  <Radio value="generate" label={t('editor.conference.modeGenerate')} data-testid="mode-generate" />
                  <Radio value="link" label={t('editor.conference.modeLink')} data-testid="mode-link" />
                </Stack>
              </Radio.Group>
              <Radio.Group
                label={t('editor.conference.kind')}
                {...form.getInputProps('kind')}
                onChange={(v) => {
                  form.setFieldValue('kind', v as Kind);
                  form.setFieldValue('meetingId', null);
                }}
              >
                <Stack gap={6} mt="xs">
                  <Radio value="meeting" label={t('editor.conference.kinds.meeting')} data-testid="kind-meeting" />
                  <Radio value="webinar" label={t('editor.conference.kinds.webinar')} data-testid="kind-webinar" />
                </Stack>
              </Radio.Group>
            </SimpleGrid>

            {values.mode === 'generate' ? (
              <Stack gap="xs" data-testid="zoom-settings">
                <Text size="sm" fw={500}>
                  {t('editor.conference.settingsTitle', { kind: t(`editor.conference.kinds.${values.kind}`) })}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                  {settingKeys.map((k) => (
                    <Checkbox
                      key={`${values.kind}-${k}`}
                      label={t(`editor.conference.settings.${k}`)}
                      checked={values.settings[k] ?? false}
                      onChange={(e) => form.setFieldValue(`settings.${k}`, e.currentTarget.checked)}
                    />
                  ))}
                </SimpleGrid>
                {values.kind === 'webinar' && (
                  <Select
                    label={t('editor.conference.settings.autoRecording')}
                    data={(['none', 'local', 'cloud'] as const).map((r) => ({ value: r, label: t(`editor.conference.recording.${r}`) }))}
                    allowDeselect={false}
                    w={{ base: '100%', sm: 260 }}
                    {...form.getInputProps('autoRecording')}
                  />
                )}
                <Text size="xs" c="dimmed">
                  {t('editor.conference.generateNote')}
                </Text>
              </Stack>
            ) : (
              <Stack gap="xs">
                {listing.isError && <QueryError title={t('editor.conference.listError')} error={listing.error} onRetry={() => void listing.refetch()} />}
                <Select
                  label={t(`editor.conference.choose.${values.kind}`)}
                  placeholder={listing.isFetching ? t('common.loading') : undefined}
                  data={(listing.data ?? []).map((m) => ({
                    value: m.id,
                    label: `${m.topic || m.id}${m.startsAt ? ` — ${formatDateTime(m.startsAt, m.timeZone ?? event.timeZone, locale)}` : ''}`,
                  }))}
                  nothingFoundMessage={t('editor.conference.nothingToLink')}
                  searchable
                  data-testid="zoom-meeting-select"
                  {...form.getInputProps('meetingId')}
                />
                {chosen && <ZoomPreview meeting={chosen} />}
              </Stack>
            )}
            <Select
              label={t('editor.conference.joinLinkSender')}
              data={[
                { value: 'foyer', label: t('settings.zoom.senderFoyer') },
                { value: 'zoom', label: t('settings.zoom.senderZoom') },
              ]}
              allowDeselect={false}
              w={{ base: '100%', sm: 360 }}
              {...form.getInputProps('joinLinkSender')}
            />
          </>
        )}

        {values.provider === 'jitsi' && (
          <Text size="sm" c="dimmed">
            {t('editor.conference.jitsiNote')}
          </Text>
        )}

        {values.provider === 'custom_link' && (
          <>
            <TextInput label={t('settings.conferencing.url')} required type="url" placeholder="https://meet.google.com/…" {...form.getInputProps('url')} />
            <TextInput label={`${t('settings.conferencing.password')} (${t('common.optional')})`} w={{ base: '100%', sm: 260 }} {...form.getInputProps('password')} />
            <Textarea label={`${t('settings.conferencing.linkDescription')} (${t('common.optional')})`} autosize minRows={2} {...form.getInputProps('description')} />
          </>
        )}

        <Text size="xs" c="dimmed">
          {t('editor.conference.existingNote')}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={put.isPending} data-testid="conference-save">
            {values.provider === 'zoom' && values.mode === 'link' ? t('editor.conference.linkSubmit') : t('editor.conference.generateSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ZoomPreview({ meeting: m }: { meeting: ZoomConference }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  return (
    <Card withBorder radius="sm" padding="sm" bg="var(--mantine-color-gray-0)" data-testid="zoom-preview">
      <Stack gap={4}>
        <Text fw={600} className="foyer-wrap">
          {m.topic || m.id}
        </Text>
        <Text size="sm">
          {t('editor.conference.id')}: <Code>{m.id}</Code>
        </Text>
        {m.startsAt && <Text size="sm">{t('editor.conference.previewStart', { date: formatDateTime(m.startsAt, m.timeZone ?? 'UTC', locale) })}</Text>}
        {m.durationMinutes !== null && <Text size="sm">{t('editor.conference.previewDuration', { n: formatNumber(m.durationMinutes, locale) })}</Text>}
        <Text size="sm">{m.recurring ? t('editor.conference.recurring') : t('editor.conference.oneOff')}</Text>
        {m.registrationEnabled ? (
          <Text size="sm" c="teal.9">
            {t('editor.conference.registrationOn')}
          </Text>
        ) : (
          <Alert color="yellow" variant="light" icon={<IconAlert />} p="xs">
            <Text size="sm">{t('editor.conference.registrationOffPreview')}</Text>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
