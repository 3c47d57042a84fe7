import { Badge, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, focusFirstInvalid } from '../../api/errors';
import type { TicketType } from '../../api/types';
import { FormAlert } from '../../components/form-alert';
import { IconPlus } from '../../components/icons';
import { msg } from '../../components/msg';
import { notifySuccess } from '../../components/notify';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatDateTime, formatMoney, formatNumber, minorDigits } from '../../lib/format';
import { required } from '../../lib/validation';
import { useOrganization } from '../settings/api';
import { CURRENCIES, CURRENCY_MAX } from '../settings/shared';
import { useSaveTicketType, type EditorEvent, type TicketTypeBody } from './api';
import { fromWall, toMajor, toMinor, toWall, WallDateTime } from './inputs';
import { EditorSection } from './shared';

type FullTicketType = TicketType & { description?: string; active?: boolean };

/** Ticket types: price (entered in major units, stored in minor), capacity, sale window, discount. */
export function TicketsTab({ event, editable }: { event: EditorEvent; editable: boolean }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const org = useOrganization();
  const [editing, setEditing] = useState<FullTicketType | 'new' | null>(null);
  const types = event.ticketTypes as FullTicketType[];
  const price = (tt: FullTicketType) =>
    tt.price.amount === 0 ? (
      t('events.detail.free')
    ) : tt.discountedPrice ? (
      <>
        {formatMoney(tt.discountedPrice, locale)}{' '}
        <Text span c="dimmed" td="line-through" size="sm">
          {formatMoney(tt.price, locale)}
        </Text>
      </>
    ) : (
      formatMoney(tt.price, locale)
    );
  const window = (tt: FullTicketType) => {
    const from = tt.salesStartAt ? t('events.detail.salesFrom', { date: formatDateTime(tt.salesStartAt, event.timeZone, locale, false) }) : '';
    const until = tt.salesEndAt ? t('events.detail.salesUntil', { date: formatDateTime(tt.salesEndAt, event.timeZone, locale, false) }) : '';
    return [from, until].filter(Boolean).join(' ') || t('events.detail.salesAlways');
  };
  return (
    <EditorSection
      title={t('events.detail.ticketTypes')}
      description={t('editor.tickets.hint')}
      testId="tickets-editor"
      actions={
        editable ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="ticket-add">
            {t('editor.tickets.add')}
          </Button>
        ) : undefined
      }
    >
      {types.length === 0 ? (
        <Text c="dimmed">{t('events.detail.noTicketTypes')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs" data-testid="tickets-edit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('events.detail.ticketColumns.name')}</Table.Th>
                <Table.Th scope="col">{t('events.detail.ticketColumns.price')}</Table.Th>
                <Table.Th scope="col">{t('events.detail.ticketColumns.sold')}</Table.Th>
                <Table.Th scope="col">{t('events.detail.ticketColumns.salesWindow')}</Table.Th>
                <Table.Th scope="col">
                  <span className="foyer-visually-hidden">{t('editor.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {types.map((tt) => (
                <Table.Tr key={tt.id}>
                  <Table.Td className="foyer-wrap">
                    {tt.name}
                    {tt.active === false && (
                      <Badge ml="xs" size="sm" variant="light" color="gray" c="gray.8">
                        {t('editor.tickets.inactive')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{price(tt)}</Table.Td>
                  <Table.Td>
                    {tt.capacity === null
                      ? formatNumber(tt.sold, locale)
                      : t('events.detail.soldOf', { sold: formatNumber(tt.sold, locale), capacity: formatNumber(tt.capacity, locale) })}
                  </Table.Td>
                  <Table.Td>{window(tt)}</Table.Td>
                  <Table.Td ta="right">
                    {editable && (
                      <Button size="xs" variant="subtle" onClick={() => setEditing(tt)}>
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
        title={editing === 'new' ? t('editor.tickets.add') : t('editor.tickets.editTitle')}
        centered
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing !== null && (
          <TicketTypeForm event={event} ticketType={editing === 'new' ? null : editing} defaultCurrency={org.data?.defaultCurrency ?? 'EUR'} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </EditorSection>
  );
}

function TicketTypeForm({ event, ticketType, defaultCurrency, onDone }: { event: EditorEvent; ticketType: FullTicketType | null; defaultCurrency: string; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveTicketType(event.id);
  const [formError, setFormError] = useState<string | null>(null);
  const currency0 = ticketType?.price.currency ?? event.ticketTypes[0]?.price.currency ?? defaultCurrency;
  const form = useForm({
    initialValues: {
      name: ticketType?.name ?? '',
      description: ticketType?.description ?? '',
      currency: currency0,
      price: (ticketType ? toMajor(ticketType.price.amount, currency0) : 0) as number | string,
      discountedPrice: (ticketType?.discountedPrice ? toMajor(ticketType.discountedPrice.amount, currency0) : '') as number | string,
      capacity: (ticketType?.capacity ?? '') as number | string,
      salesStartAt: toWall(ticketType?.salesStartAt, event.timeZone),
      salesEndAt: toWall(ticketType?.salesEndAt, event.timeZone),
      active: ticketType?.active ?? true,
    },
    validate: {
      name: required,
      price: (v, values) => {
        const n = Number(v);
        if (v === '' || Number.isNaN(n) || n < 0) return msg('editor.tickets.priceInvalid');
        const max = CURRENCY_MAX[values.currency] ?? Infinity;
        if (n > max) return msg('editor.tickets.priceMax', { max: formatNumber(max, 'en'), currency: values.currency });
        if (n > 0 && toMinor(n, values.currency) < 10 ** minorDigits(values.currency)) return msg('editor.tickets.priceMin', { currency: values.currency });
        return null;
      },
      discountedPrice: (v, values) => (v === '' ? null : Number(v) >= 0 && Number(v) < Number(values.price) ? null : msg('editor.tickets.discountInvalid')),
      capacity: (v) => (v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1) ? null : msg('validation.wholeNumber')),
      salesEndAt: (v, values) => {
        const s = fromWall(values.salesStartAt, event.timeZone);
        const e = fromWall(v, event.timeZone);
        return s && e && e <= s ? msg('validation.endAfterStart') : null;
      },
    },
  });
  const digits = minorDigits(form.getValues().currency);
  const submit = form.onSubmit(
    async (v) => {
      setFormError(null);
      const body: Partial<TicketTypeBody> & { active?: boolean } = {
        name: v.name.trim(),
        description: v.description,
        price: { amount: toMinor(Number(v.price), v.currency), currency: v.currency },
        discountedPrice: v.discountedPrice === '' ? null : { amount: toMinor(Number(v.discountedPrice), v.currency), currency: v.currency },
        capacity: v.capacity === '' ? null : Number(v.capacity),
        salesStartAt: fromWall(v.salesStartAt, event.timeZone),
        salesEndAt: fromWall(v.salesEndAt, event.timeZone),
      };
      if (ticketType) body.active = v.active;
      try {
        await save.mutateAsync({ ticketTypeId: ticketType?.id, body });
        notifySuccess(t('editor.saved'));
        onDone();
      } catch (err) {
        setFormError(
          applyServerErrors(form, err, t, ['name', 'description', 'price', 'discountedPrice', 'capacity', 'salesStartAt', 'salesEndAt'], {
            'price.amount': 'price',
            'price.currency': 'currency',
            'discountedPrice.amount': 'discountedPrice',
          }),
        );
        focusFirstInvalid();
      }
    },
    () => focusFirstInvalid(),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput label={t('editor.tickets.name')} required maxLength={120} data-testid="ticket-name" {...form.getInputProps('name')} />
        <Textarea label={`${t('editor.tickets.description')} (${t('common.optional')})`} autosize minRows={2} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label={t('editor.tickets.currency')} data={CURRENCIES} searchable allowDeselect={false} data-testid="ticket-currency" {...form.getInputProps('currency')} />
          <NumberInput
            label={t('editor.tickets.price')}
            description={t('editor.tickets.priceHint')}
            min={0}
            decimalScale={digits}
            fixedDecimalScale={digits > 0}
            allowNegative={false}
            thousandSeparator=" "
            data-testid="ticket-price"
            {...form.getInputProps('price')}
          />
          <NumberInput
            label={`${t('editor.tickets.discountedPrice')} (${t('common.optional')})`}
            description={t('editor.tickets.discountedHint')}
            min={0}
            decimalScale={digits}
            allowNegative={false}
            thousandSeparator=" "
            {...form.getInputProps('discountedPrice')}
          />
        </SimpleGrid>
        <NumberInput
          label={`${t('events.fields.capacity')} (${t('common.optional')})`}
          description={t('editor.tickets.capacityHint')}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          w={{ base: '100%', sm: 240 }}
          data-testid="ticket-capacity"
          {...form.getInputProps('capacity')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <WallDateTime label={`${t('editor.tickets.salesStart')} (${t('common.optional')})`} {...form.getInputProps('salesStartAt')} />
          <WallDateTime label={`${t('editor.tickets.salesEnd')} (${t('common.optional')})`} {...form.getInputProps('salesEndAt')} />
        </SimpleGrid>
        {ticketType && <Switch label={t('editor.tickets.active')} {...form.getInputProps('active', { type: 'checkbox' })} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="ticket-save">
            {t('editor.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
