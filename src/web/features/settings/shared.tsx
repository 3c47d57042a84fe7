import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card for one group of settings. */
export function SettingsCard({ title, description, children, testId, badge }: { title: string; description?: ReactNode; children: ReactNode; testId?: string; badge?: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" data-testid={testId}>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} fz="h4" style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
            {title}
            {badge}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Card>
  );
}

/** Currencies Foyer sells in (SPEC 2) with the maximum price in major units. */
export const CURRENCY_MAX: Record<string, number> = {
  USD: 2000, EUR: 2000, GBP: 2000, PLN: 8000, RUB: 200000, AUD: 3000, NOK: 17000, RON: 8000,
  CAD: 3000, CZK: 46000, DKK: 13000, HKD: 20000, ILS: 74000, MXN: 40000, HUF: 700000, JPY: 300000,
  NZD: 3000, PHP: 106000, SGD: 2800, SEK: 18000, CHF: 2000, THB: 66000, BGN: 4000, KRW: 3000000,
};
export const CURRENCIES = Object.keys(CURRENCY_MAX).sort();
