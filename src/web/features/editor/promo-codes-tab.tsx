import { Badge, Button, Group, Modal, MultiSelect, NumberInput, SegmentedControl, SimpleGrid, Skeleton, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, focusFirstInvalid } from '../../api/errors';
import { FormAlert } from '../../components/form-alert';
import { IconPlus } from '../../components/icons';
import { msg } from '../../components/msg';
import { notifySuccess } from '../../components/notify';
import { QueryError } from '../../components/query-error';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime, formatMoney, formatNumber, minorDigits } from '../../lib/format';
import { useOrganization } from '../settings/api';
import { usePromoCodes, useSavePromoCode, type EditorEvent, type PromoCode, type PromoCodeBody } from './api';
import { fromWall, toMajor, toMinor, toWall, WallDateTime } from './inputs';
import { EditorSection } from './shared';

/** Promo codes: percent or fixed amount, ticket types, maximum uses, valid until (SPEC 4). */
export function PromoCodesTab({ event, editable }: { event: EditorEvent; editable: boolean }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const codes = usePromoCodes(event.id);
  const [editing, setEditing] = useState<PromoCode | 'new' | null>(null);
  const typeName = (id: string) => event.ticketTypes.find((tt) => tt.id === id)?.name ?? id;
  return (
    <EditorSection
      title={t('editor.promo.title')}
      description={t('editor.promo.hint')}
      testId="promo-editor"
      actions={
        editable ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="promo-add">
            {t('editor.promo.add')}
          </Button>
        ) : undefined
      }
    >
      {codes.isPending ? (
        <Skeleton height={120} />
      ) : codes.isError ? (
        <QueryError title={t('editor.loadError')} error={codes.error} onRetry={() => void codes.refetch()} />
      ) : codes.data.length === 0 ? (
        <Text c="dimmed">{t('editor.promo.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table striped verticalSpacing="xs" data-testid="promo-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('editor.promo.code')}</Table.Th>
                <Table.Th scope="col">{t('editor.promo.discount')}</Table.Th>
                <Table.Th scope="col">{t('editor.promo.uses')}</Table.Th>
                <Table.Th scope="col">{t('editor.promo.validUntil')}</Table.Th>
                <Table.Th scope="col">{t('editor.promo.ticketTypes')}</Table.Th>
                <Table.Th scope="col">
                  <span className="foyer-visually-hidden">{t('editor.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {codes.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Text ff="monospace" fw={600} span>
                      {c.code}
                    </Text>
                    {!c.active && (
                      <Badge ml="xs" size="sm" variant="light" color="gray" c="gray.8">
                        {t('editor.promo.inactive')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{c.percentOff !== null ? `${formatNumber(c.percentOff, locale)} %` : c.amountOff ? formatMoney(c.amountOff, locale) : '—'}</Table.Td>
                  <Table.Td>
                    {c.maxUses === null ? formatNumber(c.usedCount, locale) : t('events.detail.soldOf', { sold: formatNumber(c.usedCount, locale), capacity: formatNumber(c.maxUses, locale) })}
                  </Table.Td>
                  <Table.Td>{c.validUntil ? formatDateTime(c.validUntil, event.timeZone, locale) : '—'}</Table.Td>
                  <Table.Td className="foyer-wrap">{c.ticketTypeIds.length ? c.ticketTypeIds.map(typeName).join(', ') : t('editor.promo.allTypes')}</Table.Td>
                  <Table.Td ta="right">
                    {editable && (
                      <Button size="xs" variant="subtle" onClick={() => setEditing(c)}>
                        {t('editor.edit')}
                      </Button>
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
        title={editing === 'new' ? t('editor.promo.add') : t('editor.promo.editTitle')}
        centered
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing !== null && <PromoForm event={event} code={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </EditorSection>
  );
}

function PromoForm({ event, code, onDone }: { event: EditorEvent; code: PromoCode | null; onDone: () => void }) {
  const { t } = useTranslation();
  const org = useOrganization();
  const save = useSavePromoCode(event.id);
  const [formError, setFormError] = useState<string | null>(null);
  const currency = code?.amountOff?.currency ?? event.ticketTypes.find((tt) => tt.price.amount > 0)?.price.currency ?? org.data?.defaultCurrency ?? 'EUR';
  const form = useForm({
    initialValues: {
      code: code?.code ?? '',
      type: (code?.amountOff ? 'amount' : 'percent') as 'percent' | 'amount',
      percentOff: (code?.percentOff ?? '') as number | string,
      amountOff: (code?.amountOff ? toMajor(code.amountOff.amount, currency) : '') as number | string,
      maxUses: (code?.maxUses ?? '') as number | string,
      validUntil: toWall(code?.validUntil, event.timeZone),
      ticketTypeIds: code?.ticketTypeIds ?? [],
      active: code?.active ?? true,
    },
    validate: {
      code: (v) => (/^[A-Za-z0-9_-]{2,64}$/.test(v.trim()) ? null : msg('editor.promo.codeInvalid')),
      percentOff: (v, values) => (values.type !== 'percent' ? null : Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 100 && v !== '' ? null : msg('editor.promo.percentInvalid')),
      amountOff: (v, values) => (values.type !== 'amount' ? null : v !== '' && Number(v) > 0 ? null : msg('editor.promo.amountInvalid')),
      maxUses: (v) => (v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1) ? null : msg('validation.wholeNumber')),
    },
  });
  const values = form.getValues();
  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      const body: PromoCodeBody = {
        code: v.code.trim(),
        maxUses: v.maxUses === '' ? null : Number(v.maxUses),
        validUntil: fromWall(v.validUntil, event.timeZone),
        ticketTypeIds: v.ticketTypeIds,
      };
      if (v.type === 'percent') body.percentOff = Number(v.percentOff);
      else body.amountOff = { amount: toMinor(Number(v.amountOff), currency), currency };
      if (code) body.active = v.active;
      try {
        await save.mutateAsync({ promoCodeId: code?.id, body });
        notifySuccess(t('editor.saved'));
        onDone();
      } catch (err) {
        setFormError(applyServerErrors(form, err, t, ['code', 'percentOff', 'amountOff', 'maxUses', 'validUntil', 'ticketTypeIds'], { 'amountOff.amount': 'amountOff' }));
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput
          label={t('editor.promo.code')}
          description={t('editor.promo.codeHint')}
          required
          maxLength={64}
          autoCapitalize="characters"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="promo-code"
          {...form.getInputProps('code')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="promo-type-label">
            {t('editor.promo.discount')}
          </Text>
          <SegmentedControl
            aria-labelledby="promo-type-label"
            w="fit-content"
            data={[
              { value: 'percent', label: t('editor.promo.percent') },
              { value: 'amount', label: t('editor.promo.amount', { currency }) },
            ]}
            {...form.getInputProps('type')}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {values.type === 'percent' ? (
            <NumberInput label={t('editor.promo.percentOff')} description={t('editor.promo.percentHint')} min={1} max={100} allowDecimal={false} suffix=" %" data-testid="promo-percent" {...form.getInputProps('percentOff')} />
          ) : (
            <NumberInput label={t('editor.promo.amountOff', { currency })} min={0} decimalScale={minorDigits(currency)} allowNegative={false} data-testid="promo-amount" {...form.getInputProps('amountOff')} />
          )}
          <NumberInput label={`${t('editor.promo.maxUses')} (${t('common.optional')})`} min={1} allowDecimal={false} allowNegative={false} data-testid="promo-max-uses" {...form.getInputProps('maxUses')} />
        </SimpleGrid>
        <WallDateTime label={`${t('editor.promo.validUntil')} (${t('common.optional')})`} {...form.getInputProps('validUntil')} />
        <MultiSelect
          label={`${t('editor.promo.ticketTypes')} (${t('common.optional')})`}
          description={t('editor.promo.ticketTypesHint')}
          data={event.ticketTypes.map((tt) => ({ value: tt.id, label: tt.name }))}
          clearable
          {...form.getInputProps('ticketTypeIds')}
        />
        {code && <Switch label={t('editor.promo.active')} {...form.getInputProps('active', { type: 'checkbox' })} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="promo-save">
            {t('editor.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
