import { Button, Group, NumberInput, Select, SimpleGrid, Skeleton, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, focusFirstInvalid } from '../../api/errors';
import { FormAlert } from '../../components/form-alert';
import { msg } from '../../components/msg';
import { notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { LANGUAGES } from '../../i18n/languages';
import { timeZones } from '../../lib/time-zones';
import { required } from '../../lib/validation';
import { useOrganization, useUpdateOrganization, type OrganizationSettings } from './api';
import { CURRENCIES, SettingsCard } from './shared';

const FIELDS = ['name', 'defaultCurrency', 'timeZone', 'locale', 'senderName', 'replyTo', 'feePercent'] as const;

export function OrganizationTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const org = useOrganization();
  if (org.isPending) return <Skeleton height={360} />;
  if (org.isError) return <QueryError title={t('settings.loadError')} error={org.error} onRetry={() => void org.refetch()} />;
  return (
    <SettingsCard title={t('settings.org.title')} description={t('settings.org.description')} testId="org-settings">
      <OrganizationForm org={org.data} canManage={canManage} />
    </SettingsCard>
  );
}

function OrganizationForm({ org, canManage }: { org: OrganizationSettings; canManage: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateOrganization();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      name: org.name,
      defaultCurrency: org.defaultCurrency,
      timeZone: org.timeZone,
      locale: org.locale,
      senderName: org.senderName ?? '',
      replyTo: org.replyTo ?? '',
      feePercent: org.feePercent as number | string,
    },
    validate: {
      name: required,
      replyTo: (v) => (v.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? msg('validation.email') : null),
      feePercent: (v) => (v === '' || (Number(v) >= 0 && Number(v) <= 50) ? null : msg('settings.org.feeRange')),
    },
  });
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })), []);

  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      try {
        await update.mutateAsync({
          name: v.name.trim(),
          defaultCurrency: v.defaultCurrency,
          timeZone: v.timeZone,
          locale: v.locale,
          senderName: v.senderName.trim() || null,
          replyTo: v.replyTo.trim() || null,
          feePercent: v.feePercent === '' ? null : Number(v.feePercent),
        });
        form.resetDirty();
        notifySuccess(t('settings.saved'));
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, FIELDS));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.org.title')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput label={t('settings.org.name')} required maxLength={120} disabled={!canManage} data-testid="org-name-input" {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('settings.org.currency')} data={CURRENCIES} searchable allowDeselect={false} disabled={!canManage} {...form.getInputProps('defaultCurrency')} />
          <Select label={t('settings.org.timeZone')} data={zones} searchable allowDeselect={false} maxDropdownHeight={280} disabled={!canManage} {...form.getInputProps('timeZone')} />
          <Select
            label={t('settings.org.locale')}
            description={t('settings.org.localeHint')}
            data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
            allowDeselect={false}
            disabled={!canManage}
            data-testid="org-locale"
            {...form.getInputProps('locale')}
          />
          <NumberInput
            label={t('settings.org.fee')}
            description={t('settings.org.feeHint')}
            min={0}
            max={50}
            decimalScale={2}
            suffix=" %"
            disabled={!canManage}
            {...form.getInputProps('feePercent')}
          />
          <TextInput label={t('settings.org.senderName')} maxLength={100} disabled={!canManage} {...form.getInputProps('senderName')} />
          <TextInput label={t('settings.org.replyTo')} type="email" disabled={!canManage} {...form.getInputProps('replyTo')} />
        </SimpleGrid>
        {canManage && (
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} data-testid="org-save">
              {t('settings.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
