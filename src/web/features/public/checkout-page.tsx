import { Alert, Anchor, Button, Divider, Group, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, usePublicParams } from './public-app';
import { isApiError } from '../../api/client';
import { focusFirstInvalid } from '../../api/errors';
import type { Money } from '../../api/types';
import { IconAlert, IconArrowLeft } from '../../components/icons';
import { currentLanguage } from '../../i18n';
import { useIntlLocale } from '../../i18n/use-intl-locale';
import { formatMoney } from '../../lib/format';
import { fetchEventCached, forgetEvent, publicApi, useResource, viewerTimeZone, type Person, type PromoQuote, type PublicEvent } from './api';
import { eventSoldOut, purchasable, ZoneNote } from './event-page';
import { publicPaths } from './public-routes';
import { dayLabel, sessionRange, timeRange } from './public-format';
import { PublicShell } from './public-shell';
import { LoadError, PageLoader, publicErrorMessage } from './shared';

const MAX_PER_TYPE = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PERSON_FIELDS = ['firstName', 'lastName', 'email'] as const;
type PersonField = (typeof PERSON_FIELDS)[number];
const emptyPerson = (): Person => ({ firstName: '', lastName: '', email: '' });

/** Payment methods a buyer can pick (free is automatic when nothing is due). */
export const PAYMENT_METHODS = ['manual', 'stripe', 'paypal', 'payu'] as const;
type KnownMethod = (typeof PAYMENT_METHODS)[number];
const isKnownMethod = (m: string): m is KnownMethod => (PAYMENT_METHODS as readonly string[]).includes(m);

type Errors = Record<string, ReactNode>;

/** `attendees.3.email` (server) ↔ `companions.2.email` (form); attendee 0 is the buyer. */
function formKeyForServerField(field: string, event: PublicEvent, items: { ticketTypeId: string }[]): string | null {
  let m = /^attendees\.(\d+)\.(firstName|lastName|email)$/.exec(field);
  if (m) return Number(m[1]) === 0 ? `buyer.${m[2]}` : `companions.${Number(m[1]) - 1}.${m[2]}`;
  if (/^buyer\.(firstName|lastName|email)$/.test(field)) return field;
  if (field === 'promoCode' || field === 'paymentMethod') return field;
  m = /^items\.(\d+)\.(ticketTypeId|quantity|sessionId)$/.exec(field);
  if (m) {
    if (m[2] === 'sessionId' && event.kind === 'bookable') return 'slot';
    const item = items[Number(m[1])];
    return item ? `qty.${item.ticketTypeId}` : 'qty';
  }
  if (field === 'items') return 'qty';
  return null;
}

function PersonFields({
  prefix,
  value,
  onChange,
  onBlur,
  error,
  autoComplete,
}: {
  prefix: string;
  value: Person;
  onChange: (field: PersonField, v: string) => void;
  onBlur: (key: string) => void;
  error: (key: string) => ReactNode;
  autoComplete: boolean;
}) {
  const { t } = useTranslation();
  const ac = (token: string) => (autoComplete ? token : 'off');
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
      <TextInput
        label={t('public.checkout.firstName')}
        required
        value={value.firstName}
        onChange={(e) => onChange('firstName', e.currentTarget.value)}
        onBlur={() => onBlur(`${prefix}.firstName`)}
        error={error(`${prefix}.firstName`)}
        autoComplete={ac('given-name')}
        maxLength={100}
        data-testid={`${prefix}.firstName`}
      />
      <TextInput
        label={t('public.checkout.lastName')}
        required
        value={value.lastName}
        onChange={(e) => onChange('lastName', e.currentTarget.value)}
        onBlur={() => onBlur(`${prefix}.lastName`)}
        error={error(`${prefix}.lastName`)}
        autoComplete={ac('family-name')}
        maxLength={100}
        data-testid={`${prefix}.lastName`}
      />
      <TextInput
        label={t('public.checkout.email')}
        required
        type="email"
        inputMode="email"
        value={value.email}
        onChange={(e) => onChange('email', e.currentTarget.value)}
        onBlur={() => onBlur(`${prefix}.email`)}
        error={error(`${prefix}.email`)}
        autoComplete={ac('email')}
        maxLength={254}
        style={{ gridColumn: '1 / -1' }}
        data-testid={`${prefix}.email`}
      />
    </SimpleGrid>
  );
}

function SummaryRow({ label, value, strong, testId }: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <div className="foyer-summary-row">
      <Text fw={strong ? 700 : undefined}>{label}</Text>
      <Text fw={strong ? 700 : undefined} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function CheckoutForm({ event }: { event: PublicEvent }) {
  const { t } = useTranslation();
  const locale = useIntlLocale();
  const navigate = useNavigate();
  const zone = viewerTimeZone();
  const formRef = useRef<HTMLFormElement>(null);
  const types = event.ticketTypes.filter(purchasable);
  const bookable = event.kind === 'bookable';
  const slots = event.sessions.filter((s) => s.status !== 'cancelled' && Date.parse(s.startsAt) > Date.now());
  const methods = event.paymentMethods.filter((m) => m !== 'free');

  const [qty, setQty] = useState<Record<string, number>>(() => (types[0] ? { [types[0].id]: 1 } : {}));
  const [slot, setSlot] = useState<string | null>(null);
  const [buyer, setBuyer] = useState<Person>(emptyPerson);
  const [companions, setCompanions] = useState<Person[]>([]);
  const [method, setMethod] = useState<string | null>(methods.length === 1 ? methods[0]! : null);
  const [promoInput, setPromoInput] = useState('');
  const [promo, setPromo] = useState<PromoQuote | null>(null);
  const [promoBusy, setPromoBusy] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const items = useMemo(
    () =>
      types
        .filter((tt) => (qty[tt.id] ?? 0) > 0)
        .map((tt) => ({ ticketTypeId: tt.id, quantity: qty[tt.id]!, ...(bookable && slot ? { sessionId: slot } : {}) })),
    [types, qty, bookable, slot],
  );
  const seats = items.flatMap((it) => Array.from({ length: it.quantity }, () => types.find((tt) => tt.id === it.ticketTypeId)!));
  const count = seats.length;
  const slotInfo = slots.find((s) => s.id === slot);

  // One companion form per ticket beyond the buyer's own.
  useEffect(() => {
    setCompanions((list) => {
      const want = Math.max(count - 1, 0);
      if (list.length === want) return list;
      return list.length > want ? list.slice(0, want) : [...list, ...Array.from({ length: want - list.length }, emptyPerson)];
    });
  }, [count]);

  const currency = types[0]?.currentPrice.currency ?? 'USD';
  const subtotal = seats.reduce((n, tt) => n + tt.currentPrice.amount, 0);
  const itemsKey = JSON.stringify(items.map((i) => [i.ticketTypeId, i.quantity]));
  const promoValid = promo !== null && promo.subtotal.amount === subtotal;
  const discount = promoValid ? promo.discount.amount : 0;
  const total = subtotal - discount;
  const m = (amount: number): Money => ({ amount, currency });

  // An applied code is re-checked when the chosen tickets change.
  const appliedCode = promo?.promoCode;
  useEffect(() => {
    if (!appliedCode || !items.length) return;
    let live = true;
    publicApi.promoCheck(event.slug, { promoCode: appliedCode, items: items.map(({ ticketTypeId, quantity }) => ({ ticketTypeId, quantity })) }).then(
      (q) => live && setPromo(q),
      (err: unknown) => {
        if (!live) return;
        setPromo(null);
        setServerErrors((e) => ({ ...e, promoCode: promoErrorText(err) }));
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [itemsKey]);

  function promoErrorText(err: unknown): string {
    if (isApiError(err)) {
      if (err.code === 'invalid_promo_code') return t('public.checkout.errors.promoInvalid');
      if (err.code === 'promo_code_used_up') return t('public.checkout.errors.promoUsedUp');
    }
    return publicErrorMessage(err, t);
  }

  const online = event.format !== 'in_person';
  const clientErrors = useMemo(() => {
    const e: Errors = {};
    if (count === 0) e.qty = t('public.checkout.errors.noTickets');
    if (bookable && !slot) e.slot = t('public.checkout.errors.chooseSlot');
    if (bookable && slotInfo && slotInfo.remaining !== null && slotInfo.remaining < count) e.slot = t('public.checkout.errors.slotTooSmall', { count: slotInfo.remaining });
    const people = [buyer, ...companions];
    const seen = new Map<string, number>();
    people.forEach((p, i) => {
      const prefix = i === 0 ? 'buyer' : `companions.${i - 1}`;
      if (!p.firstName.trim()) e[`${prefix}.firstName`] = t('public.checkout.errors.required');
      if (!p.lastName.trim()) e[`${prefix}.lastName`] = t('public.checkout.errors.required');
      const email = p.email.trim().toLowerCase();
      if (!email) e[`${prefix}.email`] = t('public.checkout.errors.required');
      else if (!EMAIL.test(email)) e[`${prefix}.email`] = t('public.checkout.errors.email');
      else if (online && seen.has(email)) e[`${prefix}.email`] = t('public.checkout.errors.duplicateEmail');
      else seen.set(email, i);
    });
    if (total > 0 && !method) e.paymentMethod = methods.length ? t('public.checkout.errors.choosePayment') : t('public.checkout.errors.noPaymentMethods');
    return e;
  }, [count, bookable, slot, slotInfo, buyer, companions, online, total, method, methods.length, t]);

  const errorFor = (key: string): ReactNode =>
    serverErrors[key] ?? (submitted || touched.has(key) ? clientErrors[key] : undefined);
  const touch = (key: string) => setTouched((s) => (s.has(key) ? s : new Set(s).add(key)));
  const clearServer = (...keys: string[]) =>
    setServerErrors((e) => {
      if (!keys.some((k) => k in e)) return e;
      const next = { ...e };
      for (const k of keys) delete next[k];
      return next;
    });

  async function applyPromo() {
    const code = promoInput.trim();
    clearServer('promoCode');
    if (!code) {
      setServerErrors((e) => ({ ...e, promoCode: t('public.checkout.errors.promoEmpty') }));
      return;
    }
    if (!items.length) {
      setServerErrors((e) => ({ ...e, promoCode: t('public.checkout.errors.noTickets') }));
      return;
    }
    setPromoBusy(true);
    try {
      setPromo(await publicApi.promoCheck(event.slug, { promoCode: code, items: items.map(({ ticketTypeId, quantity }) => ({ ticketTypeId, quantity })) }));
    } catch (err) {
      setPromo(null);
      setServerErrors((e) => ({ ...e, promoCode: promoErrorText(err) }));
    } finally {
      setPromoBusy(false);
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    setFormError(null);
    if (Object.keys(clientErrors).length || Object.keys(serverErrors).length) {
      focusFirstInvalid(formRef.current ?? document);
      return;
    }
    setBusy(true);
    const trim = (p: Person): Person => ({ firstName: p.firstName.trim(), lastName: p.lastName.trim(), email: p.email.trim() });
    try {
      const res = await publicApi.placeOrder(event.slug, {
        items,
        buyer: trim(buyer),
        attendees: [buyer, ...companions].map(trim),
        ...(promoValid ? { promoCode: promo.promoCode } : {}),
        paymentMethod: total > 0 ? method! : 'free',
        locale: currentLanguage(),
      });
      forgetEvent(event.slug);
      if (res.paymentUrl) {
        window.location.assign(res.paymentUrl);
        return;
      }
      void navigate(publicPaths.order(res.orderToken));
    } catch (err) {
      setBusy(false);
      const fieldErrors: Errors = {};
      let unmatched = !isApiError(err) || err.fields.length === 0;
      const code = isApiError(err) ? err.code : '';
      const known: Record<string, string> = {
        duplicate_attendee_email: t('public.checkout.errors.duplicateEmail'),
        duplicate_registrant: t('public.checkout.errors.alreadyRegistered'),
        invalid_promo_code: t('public.checkout.errors.promoInvalid'),
        promo_code_used_up: t('public.checkout.errors.promoUsedUp'),
        invalid_payment_method: t('public.checkout.errors.choosePayment'),
        currency_not_supported: t('public.checkout.errors.choosePayment'),
      };
      if (isApiError(err)) {
        for (const f of err.fields) {
          const key = formKeyForServerField(f.field, event, items);
          if (key) fieldErrors[key] = known[code] ?? (f.message ? `${t('public.checkout.errors.server')} ${f.message}` : publicErrorMessage(err, t));
          else unmatched = true;
        }
      }
      setServerErrors(fieldErrors);
      if (code === 'sold_out') setFormError(t('public.checkout.errors.soldOut'));
      else if (code === 'sales_closed' || code === 'sales_not_started' || code === 'event_not_on_sale') setFormError(t('public.checkout.errors.notOnSale'));
      else if (unmatched) setFormError(publicErrorMessage(err, t));
      if (code === 'sold_out' || code === 'sales_closed') forgetEvent(event.slug);
      focusFirstInvalid(formRef.current ?? document);
      if (!Object.keys(fieldErrors).length) window.setTimeout(() => document.getElementById('checkout-error')?.focus(), 0);
    }
  }

  const personChange = (index: number) => (field: PersonField, v: string) => {
    const key = index === 0 ? `buyer.${field}` : `companions.${index - 1}.${field}`;
    clearServer(key);
    if (index === 0) setBuyer((p) => ({ ...p, [field]: v }));
    else setCompanions((list) => list.map((p, i) => (i === index - 1 ? { ...p, [field]: v } : p)));
  };

  const slotsByDay = useMemo(() => {
    const groups = new Map<string, typeof slots>();
    for (const s of slots) {
      const day = dayLabel(s.startsAt, zone, locale);
      groups.set(day, [...(groups.get(day) ?? []), s]);
    }
    return [...groups];
  }, [slots, zone, locale]);

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="checkout-title">
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} to={publicPaths.event(event.slug)} size="sm">
            <Group gap={4} component="span" wrap="nowrap">
              <IconArrowLeft size={16} />
              {t('public.checkout.backToEvent')}
            </Group>
          </Anchor>
          <Title order={1} id="checkout-title" fz={{ base: 24, sm: 30 }} className="foyer-wrap">
            {t('public.checkout.title')}
          </Title>
          <Text c="dimmed" className="foyer-wrap">
            {event.title}
            {!bookable && event.sessions[0] ? ` · ${sessionRange(event.sessions[0].startsAt, event.sessions[0].endsAt, zone, locale)}` : ''}
          </Text>
        </Stack>

        {formError && (
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert" data-testid="form-error" id="checkout-error" tabIndex={-1}>
            {formError}
          </Alert>
        )}

        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" component="fieldset" style={{ minInlineSize: 0 }}>
          <Stack gap="md">
            <Title order={2} fz="lg" component="legend" style={{ float: 'left', padding: 0 }}>
              {t('public.checkout.ticketsStep')}
            </Title>
            {types.map((tt) => {
              const max = Math.min(MAX_PER_TYPE, tt.remaining ?? MAX_PER_TYPE);
              return (
                <Group key={tt.id} justify="space-between" wrap="nowrap" align="flex-end" gap="md">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text fw={600} className="foyer-wrap">
                      {tt.name}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {tt.currentPrice.amount === 0 ? t('public.free') : formatMoney(tt.currentPrice, locale)}
                      {tt.remaining !== null ? ` · ${t('public.event.remaining', { count: tt.remaining })}` : ''}
                    </Text>
                  </Stack>
                  <NativeSelect
                    label={t('public.checkout.quantity')}
                    aria-label={t('public.checkout.quantityFor', { name: tt.name })}
                    w={88}
                    style={{ flexShrink: 0 }}
                    value={String(qty[tt.id] ?? 0)}
                    data={Array.from({ length: max + 1 }, (_, i) => String(i))}
                    error={errorFor(`qty.${tt.id}`)}
                    onChange={(e) => {
                      clearServer(`qty.${tt.id}`, 'qty');
                      setQty((q) => ({ ...q, [tt.id]: Number(e.currentTarget.value) }));
                    }}
                    data-testid={`qty-${tt.name}`}
                  />
                </Group>
              );
            })}
            {errorFor('qty') && (
              <Text c="var(--mantine-color-error)" size="sm" role="alert">
                {errorFor('qty')}
              </Text>
            )}
          </Stack>
        </Paper>

        {bookable && (
          <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
            <Radio.Group
              label={<Title order={2} fz="lg" component="span">{t('public.checkout.slotStep')}</Title>}
              description={<ZoneNote eventZone={event.timeZone} viewerZone={zone} />}
              value={slot}
              onChange={(v) => {
                clearServer('slot');
                setSlot(v);
              }}
              error={errorFor('slot')}
              required
            >
              <Stack gap="md" mt="sm">
                {slots.length === 0 && <Text c="dimmed">{t('public.checkout.noSlots')}</Text>}
                {slotsByDay.map(([day, list]) => (
                  <Stack key={day} gap={6}>
                    <Text fw={600} size="sm">
                      {day}
                    </Text>
                    {list.map((s) => {
                      const full = s.remaining !== null && s.remaining <= 0;
                      return (
                        <Radio
                          key={s.id}
                          value={s.id}
                          disabled={full}
                          label={timeRange(s.startsAt, s.endsAt, zone, locale)}
                          description={full ? t('public.checkout.slotFull') : s.remaining !== null ? t('public.event.remaining', { count: s.remaining }) : undefined}
                          data-testid="slot"
                        />
                      );
                    })}
                  </Stack>
                ))}
              </Stack>
            </Radio.Group>
          </Paper>
        )}

        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <Stack gap="md">
            <Stack gap={2}>
              <Title order={2} fz="lg">
                {t('public.checkout.buyerStep')}
              </Title>
              <Text size="sm" c="dimmed">
                {online ? t('public.checkout.buyerHintOnline') : t('public.checkout.buyerHint')}
              </Text>
            </Stack>
            <PersonFields prefix="buyer" value={buyer} onChange={personChange(0)} onBlur={touch} error={errorFor} autoComplete />
          </Stack>
        </Paper>

        {companions.map((c, i) => (
          <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" key={i} data-testid="companion">
            <Stack gap="md">
              <Stack gap={2}>
                <Title order={2} fz="lg">
                  {t('public.checkout.companion', { n: i + 1 })}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('public.checkout.companionHint', { ticket: seats[i + 1]?.name ?? '' })}
                </Text>
              </Stack>
              <PersonFields prefix={`companions.${i}`} value={c} onChange={personChange(i + 1)} onBlur={touch} error={errorFor} autoComplete={false} />
            </Stack>
          </Paper>
        ))}

        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <Stack gap="md">
            <Title order={2} fz="lg">
              {t('public.checkout.summaryStep')}
            </Title>
            {subtotal > 0 && (
              <Group align="flex-start" gap="xs" wrap="nowrap">
                <TextInput
                  label={t('public.checkout.promoCode')}
                  value={promoInput}
                  onChange={(e) => {
                    clearServer('promoCode');
                    setPromoInput(e.currentTarget.value);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void applyPromo();
                    }
                  }}
                  error={errorFor('promoCode')}
                  autoComplete="off"
                  autoCapitalize="characters"
                  maxLength={64}
                  style={{ flex: 1 }}
                  data-testid="promo-input"
                />
                <Button variant="default" mt={25} onClick={() => void applyPromo()} loading={promoBusy} data-testid="promo-apply">
                  {t('public.checkout.applyPromo')}
                </Button>
              </Group>
            )}
            {promoValid && (
              <Text size="sm" c="teal.9" role="status" data-testid="promo-applied">
                {t('public.checkout.promoApplied', {
                  code: promo.promoCode,
                  amount: formatMoney(promo.discount, locale),
                })}{' '}
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => {
                    setPromo(null);
                    setPromoInput('');
                  }}
                >
                  {t('public.checkout.removePromo')}
                </Anchor>
              </Text>
            )}
            <Stack gap={4} data-testid="summary">
              {items.map((it) => {
                const tt = types.find((x) => x.id === it.ticketTypeId)!;
                return (
                  <SummaryRow
                    key={it.ticketTypeId}
                    label={`${it.quantity} × ${tt.name}`}
                    value={tt.currentPrice.amount === 0 ? t('public.free') : formatMoney(m(tt.currentPrice.amount * it.quantity), locale)}
                  />
                );
              })}
              {discount > 0 && <SummaryRow label={t('public.checkout.discount')} value={`−${formatMoney(m(discount), locale)}`} testId="summary-discount" />}
              <Divider my={4} />
              <SummaryRow label={t('public.checkout.total')} value={total === 0 ? t('public.free') : formatMoney(m(total), locale)} strong testId="summary-total" />
            </Stack>

            {total > 0 &&
              (methods.length ? (
                <Radio.Group
                  label={t('public.checkout.paymentStep')}
                  value={method}
                  onChange={(v) => {
                    clearServer('paymentMethod');
                    setMethod(v);
                  }}
                  error={errorFor('paymentMethod')}
                  required
                >
                  <Stack gap="sm" mt="xs">
                    {methods.map((pm) => (
                      <Radio
                        key={pm}
                        value={pm}
                        label={isKnownMethod(pm) ? t(`public.payment.${pm}`) : pm}
                        description={isKnownMethod(pm) ? t(`public.payment.${pm}Hint`) : undefined}
                        data-testid={`method-${pm}`}
                      />
                    ))}
                  </Stack>
                </Radio.Group>
              ) : (
                <Alert color="yellow" variant="light" icon={<IconAlert />} role="alert">
                  {t('public.checkout.errors.noPaymentMethods')}
                </Alert>
              ))}

            <Text size="sm" c="dimmed">
              {t('public.checkout.privacy')}
            </Text>
            <Button type="submit" size="md" fullWidth loading={busy} data-testid="place-order">
              {total === 0
                ? t('public.checkout.submitFree')
                : method && method !== 'manual'
                  ? t('public.checkout.submitPay', { amount: formatMoney(m(total), locale) })
                  : t('public.checkout.submitOrder', { amount: formatMoney(m(total), locale) })}
            </Button>
          </Stack>
        </Paper>
      </Stack>
    </form>
  );
}

export function CheckoutPage() {
  const { t } = useTranslation();
  const { slug = '' } = usePublicParams();
  const { data, error, loading, reload } = useResource(slug, fetchEventCached);
  const closed = data && (data.status !== 'published' || eventSoldOut(data) || !data.ticketTypes.some(purchasable));
  return (
    <PublicShell title={data ? `${t('public.checkout.title')} · ${data.title}` : undefined} organizer={data?.organizer.name}>
      {data && !closed && <CheckoutForm event={data} />}
      {data && closed && (
        <Stack gap="md" align="flex-start">
          <Title order={1} fz={{ base: 24, sm: 30 }} className="foyer-wrap">
            {data.title}
          </Title>
          <Alert color="yellow" variant="light" icon={<IconAlert />} role="status" w="100%">
            {data.status === 'cancelled' ? t('public.event.cancelledText') : eventSoldOut(data) ? t('public.event.soldOutText') : t('public.event.notOnSale')}
          </Alert>
          <Button component={Link} to={publicPaths.event(data.slug)} variant="default">
            {t('public.checkout.backToEvent')}
          </Button>
        </Stack>
      )}
      {!data && error ? <LoadError error={error} onRetry={reload} notFoundText={t('public.event.notFound')} /> : null}
      {!data && !error && loading && <PageLoader />}
    </PublicShell>
  );
}
