import { Badge } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_STATUSES, ORDER_STATUSES, type OrderStatus } from './api';

// Dark text on light badges (>= 4.5:1); the word carries the meaning, the colour repeats it.
const TONE = {
  green: ['green', '#1f6130'],
  yellow: ['yellow', '#6b4a00'],
  red: ['red', '#9b1c1c'],
  gray: ['gray', 'var(--mantine-color-gray-9)'],
  blue: ['blue', '#124a8a'],
} as const;
type Tone = keyof typeof TONE;

const ORDER_TONE: Record<OrderStatus, Tone> = {
  awaiting_payment: 'yellow',
  on_hold: 'yellow',
  completed: 'green',
  partially_refunded: 'blue',
  refunded: 'gray',
  cancelled: 'red',
  expired: 'gray',
  failed: 'red',
};

const PAYMENT_TONE: Record<(typeof PAYMENT_STATUSES)[number], Tone> = {
  free: 'gray',
  unpaid: 'yellow',
  paid: 'green',
  partially_refunded: 'blue',
  refunded: 'gray',
  failed: 'red',
};

function ToneBadge({ tone, children, testId }: { tone: Tone; children: string; testId?: string }) {
  const [color, text] = TONE[tone];
  return (
    <Badge color={color} variant="light" radius="sm" tt="none" fz="sm" style={{ '--badge-color': text, flexShrink: 0 } as CSSProperties} data-testid={testId}>
      {children}
    </Badge>
  );
}

const isOrderStatus = (s: string): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s);
const isPaymentStatus = (s: string): s is (typeof PAYMENT_STATUSES)[number] => (PAYMENT_STATUSES as readonly string[]).includes(s);

export function OrderStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (!isOrderStatus(status)) return <ToneBadge tone="gray">{status}</ToneBadge>;
  return (
    <ToneBadge tone={ORDER_TONE[status]} testId="order-status">
      {t(`orders.status.${status}`)}
    </ToneBadge>
  );
}

export function PaymentStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (!isPaymentStatus(status)) return <ToneBadge tone="gray">{status}</ToneBadge>;
  return (
    <ToneBadge tone={PAYMENT_TONE[status]} testId="payment-status">
      {t(`orders.payment.${status}`)}
    </ToneBadge>
  );
}

const METHODS = ['free', 'manual', 'stripe', 'paypal', 'payu', 'import'] as const;
export function useMethodLabel() {
  const { t } = useTranslation();
  return (m: string) => ((METHODS as readonly string[]).includes(m) ? t(`orders.method.${m as (typeof METHODS)[number]}`) : m);
}
