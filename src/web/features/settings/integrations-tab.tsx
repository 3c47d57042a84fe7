import { Alert, Badge, Button, Checkbox, Group, List, PasswordInput, Radio, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage, focusFirstInvalid } from '../../api/errors';
import { FormAlert } from '../../components/form-alert';
import { IconAlert, IconCheck } from '../../components/icons';
import { msg } from '../../components/msg';
import { notifyError, notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { required } from '../../lib/validation';
import {
  useDefaultAccount,
  useDeletePayment,
  usePaymentIntegrations,
  useSaveDefaultAccount,
  useSavePayment,
  useSaveZoom,
  useTestZoom,
  useZoomIntegration,
  useZoomUsers,
  type ConferencingAccount,
  type ConferencingAccountInput,
  type ConferencingProvider,
  type PaymentIntegration,
  type ZoomIntegration,
} from './api';
import { SettingsCard } from './shared';

export function IntegrationsTab({ canManage }: { canManage: boolean }) {
  return (
    <Stack gap="lg">
      <ZoomCard canManage={canManage} />
      <DefaultConferencingCard canManage={canManage} />
      <PaymentsCards canManage={canManage} />
    </Stack>
  );
}

function ConnectedBadge({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={connected ? 'teal' : 'gray'} c={connected ? 'teal.9' : 'gray.8'} tt="none" size="md" data-testid="connected-badge">
      {connected ? t('settings.integrations.connected') : t('settings.integrations.notConnected')}
    </Badge>
  );
}

// ---------------------------------------------------------------- Zoom (SPEC 3.1, 3.2)

function ZoomCard({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const zoom = useZoomIntegration();
  return (
    <SettingsCard
      title={t('settings.zoom.title')}
      description={t('settings.zoom.description')}
      testId="zoom-card"
      badge={zoom.data ? <ConnectedBadge connected={zoom.data.connected} /> : undefined}
    >
      {zoom.isPending ? (
        <Skeleton height={200} />
      ) : zoom.isError ? (
        <QueryError title={t('settings.loadError')} error={zoom.error} onRetry={() => void zoom.refetch()} />
      ) : (
        <>
          <ZoomCredentialsForm zoom={zoom.data} canManage={canManage} />
          {zoom.data.connected && <ZoomTest />}
          {zoom.data.connected && <ZoomHosts zoom={zoom.data} canManage={canManage} />}
        </>
      )}
    </SettingsCard>
  );
}

function ZoomCredentialsForm({ zoom, canManage }: { zoom: ZoomIntegration; canManage: boolean }) {
  const { t } = useTranslation();
  const save = useSaveZoom();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { accountId: zoom.accountId ?? '', clientId: zoom.clientId ?? '', clientSecret: '', webhookSecretToken: '' },
    validate: {
      accountId: required,
      clientId: required,
      clientSecret: (v) => (zoom.connected || v.trim() ? null : msg('validation.required')),
    },
  });
  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      try {
        await save.mutateAsync({
          accountId: v.accountId.trim(),
          clientId: v.clientId.trim(),
          ...(v.clientSecret.trim() ? { clientSecret: v.clientSecret.trim() } : {}),
          ...(v.webhookSecretToken.trim() ? { webhookSecretToken: v.webhookSecretToken.trim() } : {}),
        });
        form.setValues({ clientSecret: '', webhookSecretToken: '' });
        notifySuccess(t('settings.zoom.saved'));
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, ['accountId', 'clientId', 'clientSecret', 'webhookSecretToken']));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );
  const keep = (masked: string | null | undefined) => (masked ? t('settings.secretStored', { masked }) : undefined);
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.zoom.title')}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('settings.zoom.accountId')} required autoComplete="off" spellCheck={false} disabled={!canManage} {...form.getInputProps('accountId')} />
          <TextInput label={t('settings.zoom.clientId')} required autoComplete="off" spellCheck={false} disabled={!canManage} {...form.getInputProps('clientId')} />
          <PasswordInput
            label={t('settings.zoom.clientSecret')}
            description={keep(zoom.clientSecret) ?? t('settings.zoom.clientSecretHint')}
            required={!zoom.connected}
            autoComplete="new-password"
            disabled={!canManage}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.togglePassword') }}
            {...form.getInputProps('clientSecret')}
          />
          <PasswordInput
            label={`${t('settings.zoom.webhookSecret')} (${t('common.optional')})`}
            description={keep(zoom.webhookSecretToken) ?? t('settings.zoom.webhookSecretHint')}
            autoComplete="new-password"
            disabled={!canManage}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.togglePassword') }}
            {...form.getInputProps('webhookSecretToken')}
          />
        </SimpleGrid>
        {canManage && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="zoom-save">
              {zoom.connected ? t('settings.save') : t('settings.zoom.connect')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function ZoomTest() {
  const { t } = useTranslation();
  const test = useTestZoom();
  const allGood = test.data?.ok === true && test.data.missingScopes.length === 0;
  return (
    <Stack gap="sm">
      <Group>
        <Button variant="light" onClick={() => test.mutate()} loading={test.isPending} data-testid="zoom-test">
          {t('settings.zoom.test')}
        </Button>
      </Group>
      {test.isError && (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert" title={t('settings.zoom.testFailed')} data-testid="zoom-test-result">
          {errorMessage(test.error, t)}
        </Alert>
      )}
      {test.data && (
        <Alert
          color={allGood ? 'teal' : 'yellow'}
          variant="light"
          icon={allGood ? <IconCheck /> : <IconAlert />}
          role="status"
          title={!test.data.ok ? t('settings.zoom.testFailed') : allGood ? t('settings.zoom.testOk') : t('settings.zoom.testScopes')}
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
          data-testid="zoom-test-result"
        >
          <Stack gap={6}>
            {test.data.user && <Text size="sm">{t('settings.zoom.tokenUser', { name: test.data.user.name, email: test.data.user.email })}</Text>}
            {test.data.missingScopes.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  {t('settings.zoom.missingScopes')}
                </Text>
                <List size="sm" data-testid="missing-scopes">
                  {test.data.missingScopes.map((s) => (
                    <List.Item key={s}>
                      <code>{s}</code>
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function ZoomHosts({ zoom, canManage }: { zoom: ZoomIntegration; canManage: boolean }) {
  const { t } = useTranslation();
  const [fetching, setFetching] = useState(false);
  const users = useZoomUsers(fetching);
  const save = useSaveZoom();
  const [visible, setVisible] = useState<string[] | null>(null);
  const [generateHost, setGenerateHost] = useState<string | null>(null);
  const [sender, setSender] = useState<'foyer' | 'zoom'>(zoom.joinLinkSender ?? 'foyer');

  const list = users.data ?? [];
  const visibleNow = visible ?? list.filter((u) => u.visible).map((u) => u.id);
  const hostNow = generateHost ?? list.find((u) => u.generateHost)?.id ?? null;

  const onSave = () =>
    save.mutate(
      {
        accountId: zoom.accountId ?? '',
        clientId: zoom.clientId ?? '',
        visibleHostIds: visibleNow,
        ...(hostNow ? { generateHostId: hostNow } : {}),
        joinLinkSender: sender,
      },
      { onSuccess: () => notifySuccess(t('settings.zoom.hostsSaved')), onError: (err) => notifyError(t('settings.zoom.hosts'), errorMessage(err, t)) },
    );

  return (
    <Stack gap="sm" component="section" aria-labelledby="zoom-hosts-heading">
      <Text fw={600} id="zoom-hosts-heading">
        {t('settings.zoom.hosts')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('settings.zoom.hostsHint')}
      </Text>
      <Group>
        <Button variant="light" onClick={() => (fetching ? void users.refetch() : setFetching(true))} loading={users.isFetching} data-testid="zoom-fetch-users">
          {t('settings.zoom.fetchUsers')}
        </Button>
      </Group>
      {users.isError && <QueryError title={t('settings.zoom.usersError')} error={users.error} />}
      {list.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs" data-testid="zoom-users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('settings.zoom.user')}</Table.Th>
                  <Table.Th scope="col">{t('settings.zoom.licence')}</Table.Th>
                  <Table.Th scope="col">{t('settings.zoom.visible')}</Table.Th>
                  <Table.Th scope="col">{t('settings.zoom.generateHost')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td className="foyer-wrap">
                      <Text size="sm" fw={500}>
                        {u.name || u.email}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {u.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{u.licensed ? t('settings.zoom.licensed') : t('settings.zoom.basic')}</Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={t('settings.zoom.visibleFor', { email: u.email })}
                        checked={visibleNow.includes(u.id)}
                        disabled={!canManage}
                        onChange={(e) => setVisible(e.currentTarget.checked ? [...visibleNow, u.id] : visibleNow.filter((x) => x !== u.id))}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Radio
                        name="generate-host"
                        aria-label={t('settings.zoom.generateHostFor', { email: u.email })}
                        checked={hostNow === u.id}
                        disabled={!canManage}
                        onChange={() => setGenerateHost(u.id)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="join-sender-label">
              {t('settings.zoom.joinLinkSender')}
            </Text>
            <SegmentedControl
              aria-labelledby="join-sender-label"
              value={sender}
              onChange={(v) => setSender(v as 'foyer' | 'zoom')}
              disabled={!canManage}
              data={[
                { value: 'foyer', label: t('settings.zoom.senderFoyer') },
                { value: 'zoom', label: t('settings.zoom.senderZoom') },
              ]}
              w="fit-content"
            />
          </Stack>
          {canManage && (
            <Group justify="flex-end">
              <Button onClick={onSave} loading={save.isPending} data-testid="zoom-save-hosts">
                {t('settings.zoom.saveHosts')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- Default conferencing (SPEC 3.6)

function DefaultConferencingCard({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const account = useDefaultAccount();
  const save = useSaveDefaultAccount();
  return (
    <SettingsCard title={t('settings.conferencing.defaultTitle')} description={t('settings.conferencing.defaultHint')} testId="default-conferencing">
      {account.isPending ? (
        <Skeleton height={140} />
      ) : account.isError ? (
        <QueryError title={t('settings.loadError')} error={account.error} onRetry={() => void account.refetch()} />
      ) : (
        <AccountForm account={account.data} canManage={canManage} onSave={(input) => save.mutateAsync(input)} saving={save.isPending} />
      )}
    </SettingsCard>
  );
}

/** Provider choice with its settings: Jitsi domain, a custom link, or Zoom (optional host). */
export function AccountForm({
  account,
  canManage,
  onSave,
  saving,
}: {
  account: ConferencingAccount;
  canManage: boolean;
  onSave: (input: ConferencingAccountInput) => Promise<unknown>;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const s = account.settings as Record<string, string | undefined>;
  const form = useForm({
    initialValues: {
      provider: account.provider,
      domain: s.domain ?? '',
      url: s.url ?? '',
      password: s.password ?? '',
      description: s.description ?? '',
      hostId: s.hostId ?? '',
      ownZoom: false,
      zoomAccountId: '',
      zoomClientId: '',
      zoomClientSecret: '',
    },
    validate: {
      url: (v, values) => (values.provider !== 'custom_link' ? null : /^https?:\/\/\S+$/i.test(v.trim()) ? null : msg('settings.conferencing.urlInvalid')),
      zoomAccountId: (v, values) => (values.provider === 'zoom' && values.ownZoom && !v.trim() ? msg('validation.required') : null),
      zoomClientId: (v, values) => (values.provider === 'zoom' && values.ownZoom && !v.trim() ? msg('validation.required') : null),
      domain: (v, values) => (values.provider !== 'jitsi' || !v.trim() || /^[a-z0-9.-]+(:\d+)?$/i.test(v.trim()) ? null : msg('settings.conferencing.domainInvalid')),
    },
  });
  const provider = form.getValues().provider;
  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      const input: ConferencingAccountInput = { provider: v.provider };
      if (v.provider === 'jitsi' && v.domain.trim()) input.domain = v.domain.trim();
      if (v.provider === 'custom_link') {
        input.url = v.url.trim();
        input.password = v.password.trim() || null;
        input.description = v.description.trim() || null;
      }
      if (v.provider === 'zoom' && v.hostId.trim()) input.hostId = v.hostId.trim();
      // A staff member may bring their own Zoom app instead of the organisation's (SPEC 3.6).
      if (v.provider === 'zoom' && account.memberId && v.ownZoom) {
        input.zoom = { accountId: v.zoomAccountId.trim(), clientId: v.zoomClientId.trim(), ...(v.zoomClientSecret.trim() ? { clientSecret: v.zoomClientSecret.trim() } : {}) };
      }
      try {
        await onSave(input);
        form.setFieldValue('zoomClientSecret', '');
        notifySuccess(t('settings.saved'));
      } catch (err) {
        setFormError(
          applyServerErrors(form, err, t, ['provider', 'domain', 'url', 'password', 'description', 'hostId', 'zoomAccountId', 'zoomClientId', 'zoomClientSecret'], {
            'zoom.accountId': 'zoomAccountId',
            'zoom.clientId': 'zoomClientId',
            'zoom.clientSecret': 'zoomClientSecret',
            clientSecret: 'zoomClientSecret',
          }),
        );
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.conferencing.provider')}>
      <Stack gap="sm">
        <FormAlert message={formError} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`provider-label-${account.memberId ?? 'org'}`}>
            {t('settings.conferencing.provider')}
          </Text>
          <SegmentedControl
            aria-labelledby={`provider-label-${account.memberId ?? 'org'}`}
            disabled={!canManage}
            data={(['jitsi', 'zoom', 'custom_link'] as ConferencingProvider[]).map((p) => ({ value: p, label: t(`settings.conferencing.providers.${p}`) }))}
            w="fit-content"
            {...form.getInputProps('provider')}
          />
        </Stack>
        {provider === 'jitsi' && (
          <TextInput
            label={t('settings.conferencing.jitsiDomain')}
            description={t('settings.conferencing.jitsiDomainHint')}
            placeholder="meet.jit.si"
            disabled={!canManage}
            data-testid="jitsi-domain"
            {...form.getInputProps('domain')}
          />
        )}
        {provider === 'custom_link' && (
          <>
            <TextInput label={t('settings.conferencing.url')} description={t('settings.conferencing.urlHint')} required type="url" placeholder="https://meet.google.com/…" disabled={!canManage} data-testid="custom-link-url" {...form.getInputProps('url')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={`${t('settings.conferencing.password')} (${t('common.optional')})`} disabled={!canManage} {...form.getInputProps('password')} />
            </SimpleGrid>
            <Textarea label={`${t('settings.conferencing.linkDescription')} (${t('common.optional')})`} autosize minRows={2} disabled={!canManage} {...form.getInputProps('description')} />
            <Text size="xs" c="dimmed">
              {t('settings.conferencing.customLinkNote')}
            </Text>
          </>
        )}
        {provider === 'zoom' && (
          <TextInput
            label={`${t('settings.conferencing.zoomHost')} (${t('common.optional')})`}
            description={t('settings.conferencing.zoomHostHint')}
            disabled={!canManage}
            {...form.getInputProps('hostId')}
          />
        )}
        {provider === 'zoom' && account.memberId && (
          <>
            <Checkbox label={t('settings.conferencing.ownZoom')} description={t('settings.conferencing.ownZoomHint')} {...form.getInputProps('ownZoom', { type: 'checkbox' })} />
            {form.getValues().ownZoom && (
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput label={t('settings.zoom.accountId')} required autoComplete="off" spellCheck={false} {...form.getInputProps('zoomAccountId')} />
                <TextInput label={t('settings.zoom.clientId')} required autoComplete="off" spellCheck={false} {...form.getInputProps('zoomClientId')} />
                <PasswordInput
                  label={t('settings.zoom.clientSecret')}
                  description={t('settings.zoom.clientSecretHint')}
                  autoComplete="new-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.togglePassword') }}
                  {...form.getInputProps('zoomClientSecret')}
                />
              </SimpleGrid>
            )}
          </>
        )}
        {canManage && (
          <Group justify="flex-end">
            <Button type="submit" loading={saving} data-testid={`account-save-${account.memberId ? 'member' : 'org'}`}>
              {t('settings.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- Payments (SPEC 4)

type PaymentProvider = 'stripe' | 'paypal' | 'payu';
interface FieldDef {
  name: string;
  secret: boolean;
  optional?: boolean;
}
const PAYMENT_FIELDS: Record<PaymentProvider, FieldDef[]> = {
  stripe: [
    { name: 'secretKey', secret: true },
    { name: 'webhookSecret', secret: true },
  ],
  paypal: [
    { name: 'clientId', secret: false },
    { name: 'clientSecret', secret: true },
    { name: 'webhookId', secret: false },
  ],
  payu: [
    { name: 'posId', secret: false },
    { name: 'clientId', secret: false, optional: true },
    { name: 'clientSecret', secret: true },
    { name: 'secondKey', secret: true },
  ],
};

function PaymentsCards({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const list = usePaymentIntegrations();
  if (list.isPending) return <Skeleton height={200} />;
  if (list.isError) return <QueryError title={t('settings.loadError')} error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      {(['stripe', 'paypal', 'payu'] as PaymentProvider[]).map((p) => (
        <PaymentCard key={p} provider={p} current={list.data.find((i) => i.provider === p)} canManage={canManage} />
      ))}
    </>
  );
}

function PaymentCard({ provider, current, canManage }: { provider: PaymentProvider; current?: PaymentIntegration; canManage: boolean }) {
  const { t } = useTranslation();
  const save = useSavePayment(provider);
  const disconnect = useDeletePayment(provider);
  const [formError, setFormError] = useState<string | null>(null);
  const fields = PAYMENT_FIELDS[provider];
  const configured = current?.configured ?? false;
  const form = useForm<Record<string, string>>({
    initialValues: Object.fromEntries(fields.map((f) => [f.name, f.secret ? '' : (current?.settings[f.name] ?? '')])),
    validate: Object.fromEntries(fields.filter((f) => !f.optional).map((f) => [f.name, (v: string) => required(v ?? '')])),
  });
  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.trim()]).filter(([, x]) => x !== ''));
      try {
        await save.mutateAsync(body);
        form.setValues(Object.fromEntries(fields.filter((f) => f.secret).map((f) => [f.name, ''])));
        notifySuccess(t('settings.payments.saved', { provider: t(`settings.payments.${provider}.title`) }));
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, fields.map((f) => f.name)));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );
  const onDisconnect = () =>
    disconnect.mutate(undefined, { onSuccess: () => notifySuccess(t('settings.payments.disconnected')), onError: (err) => notifyError(t('settings.payments.disconnect'), errorMessage(err, t)) });

  return (
    <SettingsCard title={t(`settings.payments.${provider}.title`)} description={t(`settings.payments.${provider}.hint`)} testId={`payment-${provider}`} badge={<ConnectedBadge connected={configured} />}>
      <form onSubmit={submit} noValidate aria-label={t(`settings.payments.${provider}.title`)}>
        <Stack gap="sm">
          <FormAlert message={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {fields.map((f) => {
              const label = `${t(`settings.payments.fields.${f.name}` as 'settings.payments.fields.secretKey')}${f.optional ? ` (${t('common.optional')})` : ''}`;
              const stored = configured && f.secret ? current?.settings[f.name] : undefined;
              return f.secret ? (
                <PasswordInput
                  key={f.name}
                  label={label}
                  description={stored ? t('settings.secretStoredReenter', { masked: stored }) : undefined}
                  required={!f.optional}
                  autoComplete="new-password"
                  disabled={!canManage}
                  visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.togglePassword') }}
                  {...form.getInputProps(f.name)}
                />
              ) : (
                <TextInput key={f.name} label={label} required={!f.optional} autoComplete="off" spellCheck={false} disabled={!canManage} {...form.getInputProps(f.name)} />
              );
            })}
          </SimpleGrid>
          {canManage && (
            <Group justify="flex-end" gap="sm">
              {configured && (
                <Button variant="subtle" color="red" onClick={onDisconnect} loading={disconnect.isPending}>
                  {t('settings.payments.disconnect')}
                </Button>
              )}
              <Button type="submit" loading={save.isPending} data-testid={`payment-save-${provider}`}>
                {t('settings.payments.validateSave')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </SettingsCard>
  );
}

